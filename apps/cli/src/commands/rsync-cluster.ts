import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { ToilError, ToilUsageError } from '@toil/core';
import { withLogOptions } from '../ops/log-options.js';
import { openCluster, withClusterOptions } from '../cluster/cluster-options.js';
import { pinnedKey } from '../cluster/known-hosts.js';
import { connect } from '../cluster/ssh-connect.js';
import { sshIdentity } from '../cluster/ssh-key.js';

/**
 * `toil rsync-cluster <clusterName> [rsync options] src :dst`: rsync itself (only changed files move), with
 * the leader implied by a leading `:` and ssh pinned to the leader's known host key.
 */
export const rsyncClusterCommand = {
  command: 'rsync-cluster <clusterName> <args..>',
  describe: "Copy files to or from a cluster's leader with rsync (':path' is on the leader)",
  builder: (y: Argv) =>
    withLogOptions(
      withClusterOptions(
        y
          .positional('clusterName', { type: 'string', demandOption: true, describe: 'The cluster' })
          .positional('args', { type: 'string', array: true, describe: 'rsync arguments; :path means on the leader' })
          .parserConfiguration({ 'unknown-options-as-args': true }),
      ),
    ),
  handler: async (argv: Record<string, unknown>) => {
    const args = (argv.args as unknown[]).map(String);
    if (!args.some((a) => a.startsWith(':'))) {
      throw new ToilUsageError(
        `rsync-cluster needs a ':path' on the leader among '${args.join(' ')}', e.g. ./wf.ts :wf.ts.`,
      );
    }
    const cluster = await openCluster(argv);
    const leader = await cluster.getLeader();
    if (pinnedKey(leader.id) === undefined) (await connect(leader)).end(); // pins the host key on first use
    const dir = mkdtempSync(join(tmpdir(), 'toil-rsync-'));
    try {
      const knownHosts = join(dir, 'known_hosts');
      writeFileSync(knownHosts, `${leader.address} ${pinnedKey(leader.id)}\n`, { mode: 0o600 });
      const identity = sshIdentity();
      const ssh = [
        'ssh',
        ...(identity.keyFile ? ['-i', identity.keyFile] : []),
        '-o',
        `UserKnownHostsFile=${knownHosts}`,
        '-o',
        'StrictHostKeyChecking=yes',
        '-o',
        'BatchMode=yes',
      ].join(' ');
      const rsyncArgs = [
        '-e',
        ssh,
        ...args.map((a) => (a.startsWith(':') ? `${leader.user}@${leader.address}${a}` : a)),
      ];
      const code = await new Promise<number>((resolve, reject) => {
        const child = spawn('rsync', rsyncArgs, { stdio: 'inherit' });
        child.on('error', (error) =>
          reject(new ToilError('NO_RSYNC', `rsync could not be started (${error.message}): install rsync.`)),
        );
        child.on('close', (c) => resolve(c ?? 255));
      });
      process.exitCode = code;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
