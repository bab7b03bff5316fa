import { slurmBootLines, type SlurmBoot } from './slurm-boot.js';

/** What a node's boot needs to know. */
export interface BootSettings {
  clusterName: string;
  role: 'leader' | 'worker';
  zone: string;
  /** The leader's address, for a worker (where slurmctld runs). */
  leaderAddress?: string;
  /**
   * The launcher's own `toil` (its `cli.js`). When the node has that file (the test rig's hosts share this
   * machine's files) it becomes the node's `toil`; otherwise the boot installs `@toil/cli` at `version` with npm.
   */
  launcherCli?: string;
  /** The launcher's version of Toil. */
  version: string;
  /** Slurm on the node (munged, and slurmctld on the leader or a dynamic slurmd on a worker); none when left out. */
  slurm?: SlurmBoot;
  /**
   * More variables for /root/.toil/cluster.env, written as they are (no shell expansion) in that 0600 file and
   * never echoed, since they may hold credentials (the leader's, from `leaderEnvironment`).
   */
  env?: Record<string, string>;
  /**
   * Shut the node down when its boot fails (a worker started with InstanceInitiatedShutdownBehavior=terminate
   * ends, and says so to the autoscaler). Off for GCE nodes, which a shutdown only stops.
   */
  shutdownOnFailure?: boolean;
}

/** On a non-zero exit, say why in the boot log and shut the instance down (which terminates a worker). */
const FAILED_BOOT_TRAP =
  'trap \'rc=$?; if [ "$rc" -ne 0 ]; then echo "toil boot: failed (exit $rc): shutting down"; shutdown -h now; fi\' EXIT';

function quote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}

/** Append `export NAME='value'` lines to cluster.env through a quoted heredoc, so nothing in a value expands. */
function envLines(env: Record<string, string>): string[] {
  const entries = Object.entries(env);
  if (entries.length === 0) return [];
  return [
    "cat >> /root/.toil/cluster.env <<'ENV'",
    ...entries.map(([name, value]) => `export ${name}=${quote(value)}`),
    'ENV',
  ];
}

/**
 * The node's user data, a cloud-init shell script: installs what the node needs from Debian's packages (Node,
 * rsync, Slurm and munge), each only when it is missing, puts our `toil` first on root's PATH, writes the
 * cluster's settings to /root/.toil/cluster.env (read by root's .bashrc, so `ssh-cluster` commands see them), and
 * ends by writing /root/.toil/boot-done, which `launch-cluster` waits for. An EC2 worker whose boot fails shuts
 * itself down (`shutdownOnFailure`): started with InstanceInitiatedShutdownBehavior=terminate, it ends, and the
 * autoscaler sees at once that its boot failed (`AwsProvisioner.getNodes`) instead of waiting `--nodeBootTimeout`.
 */
export function userData(s: BootSettings): string {
  const daemons = s.role === 'leader' ? 'slurmctld:slurmctld' : 'slurmd:slurmd';
  const lines = [
    '#!/bin/sh',
    '# Boot of a Toil cluster node (cloud-init user data), written by @toil/provisioner-aws.',
    'set -u',
    ...(s.shutdownOnFailure ? [FAILED_BOOT_TRAP] : []),
    `echo "toil boot: ${s.role} of cluster ${s.clusterName} on $(hostname)"`,
    'missing=""',
    `for pair in node:nodejs npm:npm rsync:rsync munged:munge sinfo:slurm-client ${daemons}; do`,
    '  command -v "${pair%%:*}" >/dev/null 2>&1 || missing="$missing ${pair#*:}"',
    'done',
    'if [ -n "$missing" ]; then',
    '  echo "installing:$missing"',
    '  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing || exit 1',
    'else',
    '  echo "already present: node npm rsync munge slurm"',
    'fi',
    'mkdir -p /root/bin /root/.toil',
    s.launcherCli
      ? `if [ -f ${quote(s.launcherCli)} ]; then printf '#!/bin/sh\\nexec node %s "$@"\\n' ${quote(s.launcherCli)} > /root/bin/toil; chmod 755 /root/bin/toil; fi`
      : ':',
    `[ -x /root/bin/toil ] || npm install -g --prefix /root @toil/cli@${s.version} || exit 1`,
    // cluster.env may hold credentials: only root reads it (umask for its creation, chmod for an older file).
    '(umask 077 && : > /root/.toil/cluster.env) && chmod 600 /root/.toil/cluster.env',
    'cat > /root/.toil/cluster.env <<ENV',
    `export TOIL_CLUSTER_NAME=${quote(s.clusterName)}`,
    `export TOIL_AWS_ZONE=${quote(s.zone)}`,
    `export TOIL_NODE_ROLE=${s.role}`,
    // On the leader, its own private address: the address its autoscaler's workers reach slurmctld at.
    `export TOIL_LEADER_ADDRESS=${s.leaderAddress ?? '$(hostname -I | cut -d" " -f1)'}`,
    'export PATH=/root/bin:\\$PATH',
    ...(s.slurm ? ['export SLURM_CONF=/root/.toil/slurm/slurm.conf'] : []),
    'ENV',
    ...envLines(s.env ?? {}),
    ...(s.slurm ? slurmBootLines(s.slurm) : []),
    "grep -qs 'toil/cluster.env' /root/.bashrc || echo '. /root/.toil/cluster.env' >> /root/.bashrc",
    'echo ok > /root/.toil/boot-done',
    'echo "toil boot: done"',
    '',
  ];
  return lines.join('\n');
}
