import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * True when PID is a live process. Reads /proc/PID/stat rather than `kill -0`: daemons re-parented to the
 * sandbox's init are reaped late, and a zombie answers `kill -0`.
 */
export async function isAlive(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The state letter follows the command name in parentheses (which may itself hold spaces).
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** SIGTERM each PID, wait up to `graceMs` for all to exit, then SIGKILL the rest. Resolves with the PIDs killed. */
export async function stopPids(pids: readonly number[], graceMs = 2_000): Promise<number[]> {
  const live: number[] = [];
  for (const pid of pids) if (await isAlive(pid)) live.push(pid);
  for (const pid of live) signal(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    const states = await Promise.all(live.map(isAlive));
    if (!states.includes(true)) return live;
    await sleep(50);
  }
  for (const pid of live) if (await isAlive(pid)) signal(pid, 'SIGKILL');
  return live;
}
