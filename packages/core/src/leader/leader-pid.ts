import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { SharedFiles, type JobStore } from '../jobstore/jobstore.js';

/** What the leader writes to the shared file `pid.log` when it starts: which process on which host runs it. */
export interface LeaderPidRecord {
  pid: number;
  host: string;
}

/**
 * Whether the leader process can be seen from here: `alive` or `gone` on this host, `elsewhere` when it runs on
 * another host (no signal can reach it; `toil kill` falls back to the kill flag).
 */
export type LeaderProcessState = 'alive' | 'gone' | 'elsewhere';

/** The leader that last started on this job store, or undefined when none recorded itself (or the record is torn). */
export async function readLeaderPid(store: JobStore): Promise<LeaderPidRecord | undefined> {
  const text = await store.readSharedFile(SharedFiles.pid);
  if (!text) return undefined;
  try {
    const record = JSON.parse(text.toString('utf8')) as Partial<LeaderPidRecord>;
    if (typeof record.pid !== 'number' || typeof record.host !== 'string') return undefined;
    return { pid: record.pid, host: record.host };
  } catch {
    return undefined;
  }
}

/** Record this process as the job store's leader. */
export async function writeLeaderPid(store: JobStore): Promise<void> {
  await store.writeSharedFile(
    SharedFiles.pid,
    JSON.stringify({ pid: process.pid, host: hostname() } satisfies LeaderPidRecord),
  );
}

/**
 * Whether the recorded leader still runs. On Linux a live PID is also checked to be a node process, because the
 * record outlives its leader and the PID may since belong to an unrelated program that must not be signalled.
 */
export async function leaderProcessState(record: LeaderPidRecord): Promise<LeaderProcessState> {
  if (record.host !== hostname()) return 'elsewhere';
  try {
    process.kill(record.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return 'gone';
  }
  const cmdline = await readFile(`/proc/${record.pid}/cmdline`, 'utf8').catch(() => undefined);
  if (cmdline !== undefined && !/node|bun|deno|tsx/i.test(cmdline.split('\0')[0] ?? '')) return 'gone';
  return 'alive';
}
