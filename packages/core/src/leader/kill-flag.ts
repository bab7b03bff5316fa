import { hostname } from 'node:os';
import { SharedFiles, type JobStore } from '../jobstore/jobstore.js';

/**
 * The job store's kill flag (Toil's `write_kill_flag`): `toil kill` writes it when it cannot signal the leader
 * (the leader runs on another host), and the leader polls it. A leader clears it when it starts, so a flag left
 * from an earlier run does not stop a `--restart`.
 */

/** How often a running leader looks for the kill flag. */
export const KILL_FLAG_POLL_MS = 2000;

/** Who asked for the kill, for the leader's message. */
export interface KillRequest {
  host: string;
  pid: number;
  at: string;
}

/** Ask the leader of this job store to stop. */
export async function writeKillFlag(store: JobStore): Promise<void> {
  const request: KillRequest = { host: hostname(), pid: process.pid, at: new Date().toISOString() };
  await store.writeSharedFile(SharedFiles.killFlag, JSON.stringify(request));
}

/** The pending kill request, if any (a torn or foreign flag still counts as a request). */
export async function readKillFlag(store: JobStore): Promise<KillRequest | undefined> {
  const text = await store.readSharedFile(SharedFiles.killFlag);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text.toString('utf8')) as KillRequest;
  } catch {
    return { host: 'unknown', pid: 0, at: '' };
  }
}

/** Forget a kill request (a new leader starts). */
export async function clearKillFlag(store: JobStore): Promise<void> {
  await store.deleteSharedFile(SharedFiles.killFlag);
}

/**
 * Poll the kill flag every `intervalMs` until stopped; `onKill` is called once when the flag appears. Read errors
 * are ignored (a flaky store must not kill the workflow); the next poll tries again.
 */
export function watchKillFlag(
  store: JobStore,
  onKill: (request: KillRequest) => void,
  intervalMs = KILL_FLAG_POLL_MS,
): { stop(): void } {
  let stopped = false;
  let busy = false;
  const timer = setInterval(() => {
    if (busy || stopped) return;
    busy = true;
    readKillFlag(store)
      .then((request) => {
        if (request && !stopped) {
          stopped = true;
          clearInterval(timer);
          onKill(request);
        }
      })
      .catch(() => undefined)
      .finally(() => (busy = false));
  }, intervalMs);
  timer.unref();
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
