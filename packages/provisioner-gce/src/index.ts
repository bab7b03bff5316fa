/**
 * @toil/provisioner-gce: `--provisioner gce` (the autoscaler's workers) and the cluster commands' `-p gce`
 * (launch, find and destroy a cluster on Google Compute Engine).
 */
export { plugin, pluginModule } from './plugin.js';
export { GceCluster } from './cluster.js';
export { GceProvisioner, type GceProvisionerSettings } from './gce-provisioner.js';
export { gceSettings, type GceSettings } from './settings.js';
export { startupScript, type GceBootSettings } from './boot.js';
export { parseGceNodeType, type GceNodeType } from './node-type.js';
export { GceOptionError, GceClusterExistsError, GceNoSuchClusterError, GceRequestError } from './errors.js';
