import type { Argv } from 'yargs';
import { withLogOptions } from '../ops/log-options.js';
import { openCluster, withClusterOptions } from '../cluster/cluster-options.js';

/**
 * `toil destroy-cluster <clusterName>`: remove every node, volume and security group the cluster created, and the
 * job stores its workflows made (named in the output when there were any).
 */
export const destroyClusterCommand = {
  command: 'destroy-cluster <clusterName>',
  describe: 'Destroy a cluster: its nodes, volumes and security group',
  builder: (y: Argv) =>
    withLogOptions(
      withClusterOptions(y.positional('clusterName', { type: 'string', demandOption: true, describe: 'The cluster' })),
    ),
  handler: async (argv: Record<string, unknown>) => {
    const cluster = await openCluster(argv);
    const removed = await cluster.destroyCluster();
    const stores = removed.jobStores?.length
      ? `, ${removed.jobStores.length} job stores (${removed.jobStores.join(', ')})`
      : '';
    process.stdout.write(
      `Cluster ${String(argv.clusterName)} destroyed: ${removed.instances} instances, ${removed.securityGroups} security groups${stores}\n`,
    );
  },
};
