import type { ProvisionerPlugin, ToilPluginModule } from '@toil/core/backend';

/**
 * `--provisioner aws` and `toil launch-cluster -p aws`: EC2 instances for Toil clusters. The descriptor loads
 * nothing; @aws-sdk/client-ec2 is imported on the first EC2 request.
 */
export const plugin: ProvisionerPlugin = {
  kind: 'provisioner',
  name: 'aws',
  packageName: '@toil/provisioner-aws',
  moduleUrl: import.meta.url,
  load: async () => {
    const { AwsCluster } = await import('./cluster.js');
    const { AwsProvisioner } = await import('./aws-provisioner.js');
    const { provisionerSettings } = await import('./leader-settings.js');
    return {
      create: (config) => new AwsProvisioner(provisionerSettings(config)),
      clusters: (settings) => new AwsCluster(settings),
    };
  },
};

/** The module shape the plugin registry reads. */
export const pluginModule: ToilPluginModule = { plugin };
