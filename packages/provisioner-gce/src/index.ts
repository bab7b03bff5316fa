/**
 * @toil/provisioner-gce: `--provisioner gce` (the autoscaler's workers) and the cluster commands' `-p gce`
 * (launch, find and destroy a cluster on Google Compute Engine).
 */
export { parseGceNodeType, type GceNodeType } from './node-type.js';
export { GceOptionError, GceClusterExistsError, GceNoSuchClusterError, GceRequestError } from './errors.js';
