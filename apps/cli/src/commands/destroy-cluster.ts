import type { Argv } from 'yargs';
import { fileURLToPath } from 'node:url';
import { addPluginResolveBase, destroyWholeCluster, loadPlugin } from '@toil/core/internal';
import { withLogOptions } from '../ops/log-options.js';
import { openCluster, withClusterOptions } from '../cluster/cluster-options.js';

/**
 * `toil destroy-cluster <clusterName>`: remove every node, volume and security group the cluster created, then the
 * job stores its workflows made, found by every installed store plugin (named in the output when there were any). A
 * store service that cannot be listed is a warning on stderr, not a failure: the cluster's instances are gone.
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
    // Store plugins the provisioner's package brings count as installed (@toil/provisioner-aws depends on
    // @toil/jobstore-aws), so its clusters' stores are found even when only the provisioner is named in TOIL_PLUGINS.
    const { moduleUrl } = await loadPlugin('provisioner', String(argv.provisioner));
    if (moduleUrl.startsWith('file:')) addPluginResolveBase(fileURLToPath(moduleUrl));
    const removed = await destroyWholeCluster(cluster, String(argv.clusterName), {
      warn: (line) => process.stderr.write(`toil: warning: ${line}\n`),
    });
    const stores = removed.jobStores.length
      ? `, ${removed.jobStores.length} job stores (${removed.jobStores.join(', ')})`
      : '';
    process.stdout.write(
      `Cluster ${String(argv.clusterName)} destroyed: ${removed.instances} instances, ${removed.securityGroups} security groups${stores}\n`,
    );
  },
};
