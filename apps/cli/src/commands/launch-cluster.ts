import type { Argv } from 'yargs';
import { utilityLogger, withLogOptions } from '../ops/log-options.js';
import { openCluster, withClusterOptions } from '../cluster/cluster-options.js';
import { launchSpec } from '../cluster/launch-spec.js';
import { waitForBoot } from '../cluster/ssh-connect.js';

/**
 * `toil launch-cluster <clusterName>`: a leader (and `-w` static workers) on the provisioner's cloud, with Toil's
 * options. Every check runs before anything is created; the command returns once the leader answers over ssh,
 * its boot has finished and its Slurm answers `sinfo`.
 */
export const launchClusterCommand = {
  command: 'launch-cluster <clusterName>',
  describe: 'Launch a cluster: a leader node (and static workers) on a cloud',
  builder: (y: Argv) =>
    withLogOptions(
      withClusterOptions(
        y
          .positional('clusterName', { type: 'string', demandOption: true, describe: 'Name of the new cluster' })
          .option('leaderNodeType', {
            type: 'string',
            demandOption: true,
            describe: 'Instance type of the leader, e.g. t2.medium',
          })
          .option('keyPairName', {
            type: 'string',
            demandOption: true,
            describe: "The cloud's key pair whose public key logs in to every node",
          })
          .option('tag', {
            alias: 't',
            type: 'string',
            array: true,
            describe: 'KEY=VALUE tag on every node (repeatable)',
          })
          .option('vpcSubnet', { type: 'string', describe: 'Subnet to launch in (it must assign public addresses)' })
          .option('nodeTypes', {
            type: 'string',
            describe: "Worker node types, e.g. 'c5.large,t2.small:0.01' (:bid = spot)",
          })
          .option('workers', { alias: 'w', type: 'string', describe: 'Static workers per node type, e.g. 2,1' })
          .option('leaderStorage', { type: 'number', default: 50, describe: "GB of the leader's root volume" })
          .option('nodeStorage', { type: 'number', default: 50, describe: "GB of each worker's root volume" })
          .option('nodeStorageOverrides', { type: 'string', describe: 'Per instance type root volumes, TYPE:GB,...' })
          .option('awsEc2ProfileArn', { type: 'string', describe: 'IAM instance profile for the nodes' })
          .option('awsEc2ExtraSecurityGroupId', {
            type: 'string',
            array: true,
            describe: 'More security groups for the nodes',
          })
          .option('bootTimeout', { type: 'number', default: 900, describe: "Seconds to wait for the leader's boot" }),
      ),
    ),
  handler: async (argv: Record<string, unknown>) => {
    const log = utilityLogger(argv, 'toil launch-cluster');
    const spec = launchSpec(argv);
    const cluster = await openCluster(argv);
    const started = Date.now();
    const leader = await cluster.launchCluster(spec);
    log.info(`Leader ${leader.id} is running at ${leader.address}; waiting for its boot and Slurm.`);
    await waitForBoot(leader, Number(argv.bootTimeout) * 1000);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `Cluster ${String(argv.clusterName)} is up in ${seconds} s: leader ${leader.id} at ${leader.address}\n`,
    );
  },
};
