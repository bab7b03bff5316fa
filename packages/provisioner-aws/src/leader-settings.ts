import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { WorkflowConfig } from '@toil/core';
import { ClusterOptionError } from './errors.js';
import type { AwsProvisionerSettings } from './aws-provisioner.js';

/**
 * The autoscaler's provisioner runs on the cluster's leader: the cluster's name, zone and leader address come
 * from the environment the leader's boot wrote (/root/.toil/cluster.env), the key pair from `TOIL_AWS_KEY_PAIR`,
 * the worker volume sizes from the workflow's options.
 */
export function provisionerSettings(
  config: WorkflowConfig,
  env: NodeJS.ProcessEnv = process.env,
): AwsProvisionerSettings {
  const clusterName = env.TOIL_CLUSTER_NAME;
  if (!clusterName) {
    throw new ClusterOptionError(
      'NOT_ON_A_CLUSTER',
      '--provisioner aws runs on a cluster leader made by toil launch-cluster (TOIL_CLUSTER_NAME is not set): run the workflow there with toil ssh-cluster.',
    );
  }
  const extra = config as unknown as { nodeStorage?: number; nodeStorageOverrides?: Record<string, number> };
  return {
    clusterName,
    zone: env.TOIL_AWS_ZONE,
    keyPairName: env.TOIL_AWS_KEY_PAIR ?? clusterName,
    leaderAddress: env.TOIL_LEADER_ADDRESS ?? '',
    nodeStorage: extra.nodeStorage ?? 50,
    nodeStorageOverrides: extra.nodeStorageOverrides,
    slurm: leaderSlurm(),
  };
}

/** The leader's munge key and Slurm name as its boot left them; none off a cluster leader. */
function leaderSlurm(): { mungeKey: string; leaderName: string } | undefined {
  try {
    const mungeKey = readFileSync('/root/.toil/munge/munge.key').toString('base64');
    return { mungeKey, leaderName: hostname().split('.')[0]! };
  } catch {
    return undefined;
  }
}
