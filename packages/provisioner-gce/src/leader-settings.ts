import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { WorkflowConfig } from '@toil/core';
import { GceOptionError } from './errors.js';
import type { GceProvisionerSettings } from './gce-provisioner.js';
import { gceSettings } from './settings.js';
import { sshKeysEntry } from './ssh-key.js';

/**
 * The autoscaler's provisioner runs on the cluster's leader: the cluster's name, project, zone and leader address
 * come from the environment its boot wrote (/root/.toil/cluster.env), the ssh-keys user and line from
 * `TOIL_GCE_KEY_PAIR` and `TOIL_GCE_SSH_KEYS`, the worker disk sizes from the workflow's options.
 */
export function provisionerSettings(
  config: WorkflowConfig,
  env: NodeJS.ProcessEnv = process.env,
): GceProvisionerSettings {
  const clusterName = env.TOIL_CLUSTER_NAME;
  if (!clusterName) {
    throw new GceOptionError(
      'NOT_ON_A_CLUSTER',
      '--provisioner gce runs on a cluster leader made by toil launch-cluster -p gce (TOIL_CLUSTER_NAME is not set): run the workflow there with toil ssh-cluster.',
    );
  }
  const keyPairName = env.TOIL_GCE_KEY_PAIR ?? 'toil';
  const extra = config as unknown as { nodeStorage?: number; nodeStorageOverrides?: Record<string, number> };
  return {
    clusterName,
    gce: gceSettings(undefined, env),
    keyPairName,
    // The boot wrote the launcher's ssh-keys line; a leader has no public key file of its own.
    sshKeys: env.TOIL_GCE_SSH_KEYS || sshKeysEntry(keyPairName, env),
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
