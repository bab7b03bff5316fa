import type { ProvisionerPlugin, ToilPluginModule } from '@toil/core/backend';

/**
 * `--provisioner gce` and `toil launch-cluster -p gce`: Compute Engine instances for Toil clusters. The descriptor
 * loads nothing; @google-cloud/compute is imported on the first Compute Engine request.
 */
export const plugin: ProvisionerPlugin = {
  kind: 'provisioner',
  name: 'gce',
  packageName: '@toil/provisioner-gce',
  moduleUrl: import.meta.url,
  load: async () => {
    const { GceCluster } = await import('./cluster.js');
    const { GceProvisioner } = await import('./gce-provisioner.js');
    const { provisionerSettings } = await import('./leader-settings.js');
    return {
      create: (config) => new GceProvisioner(provisionerSettings(config)),
      clusters: (settings) => new GceCluster(settings),
    };
  },
};

/** The module shape the plugin registry reads. */
export const pluginModule: ToilPluginModule = { plugin };
