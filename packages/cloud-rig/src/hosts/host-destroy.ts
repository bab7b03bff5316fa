import { rm } from 'node:fs/promises';
import { run, runQuietly } from './exec.js';
import type { HostRecord } from './host-record.js';
import { stopPids } from './pids.js';

/** PIDs of every process in a network namespace (sshd sessions, slurmd, job steps...). */
export async function netnsPids(netns: string): Promise<number[]> {
  const out = await run('ip', ['netns', 'pids', netns]).catch(() => '');
  return out
    .split('\n')
    .map((line) => Number.parseInt(line, 10))
    .filter((pid) => pid > 0);
}

/**
 * Remove a host: stop its recorded daemons (TERM, then KILL), then anything else still inside its network
 * namespace (only processes in that namespace, so nothing of the machine's is touched), then delete the veth,
 * the namespace and the host's folder. Safe on a half-made host and on one already gone.
 */
export async function destroyHost(record: HostRecord): Promise<void> {
  const recorded = [record.sshdPid, record.bootPid].filter((pid): pid is number => pid !== undefined);
  if (record.bootPid !== undefined) {
    try {
      process.kill(-record.bootPid, 'SIGTERM'); // the boot runs in its own session: its whole group
    } catch {
      // already gone
    }
  }
  await stopPids(recorded);
  await stopPids(await netnsPids(record.netns), 1_000);
  await runQuietly('ip', ['link', 'del', record.veth]);
  await runQuietly('ip', ['netns', 'del', record.netns]);
  await rm(record.dir, { recursive: true, force: true });
}
