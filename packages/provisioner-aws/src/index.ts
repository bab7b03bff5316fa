/**
 * @toil/provisioner-aws: `--provisioner aws` (the autoscaler's workers) and the cluster commands' `-p aws`
 * (launch, find and destroy a cluster on EC2).
 */
export { plugin } from './plugin.js';
export { AwsCluster } from './cluster.js';
export { AwsProvisioner, type AwsProvisionerSettings } from './aws-provisioner.js';
export { parseNodeType, parseNodeTypes, type NodeTypeSpec } from './node-type.js';
export { resolveZone } from './zone.js';
export { userData, type BootSettings } from './user-data.js';
export { ClusterExistsError, NoSuchClusterError, ClusterOptionError, AwsRequestError } from './errors.js';
