import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { JobStoreInUseError } from '../errors.js';
import { SharedFiles, type JobStore } from '../jobstore/jobstore.js';
import type { Logger } from '../log/logger.js';
import { leaderProcessState } from './leader-pid.js';

/** What holds a job store: a leader (`run`, `restart`) or an operating command that changes it. */
export type LockPurpose = 'run' | 'restart' | 'clean' | 'debug-job';

/** The content of the lock file: who holds the store, from when, and when it last said it is alive. */
export interface LeaderLockRecord {
  pid: number;
  host: string;
  purpose: LockPurpose;
  /** Random per acquisition, so a holder never releases a lock that is no longer its own. */
  token: string;
  startedAt: string;
  /** Refreshed every {@link HEARTBEAT_MS} while held: the only liveness sign of a holder on another host. */
  heartbeatAt: string;
}

/** How often a holder refreshes `heartbeatAt`. */
export const HEARTBEAT_MS = 30_000;
/**
 * A holder on another host whose heartbeat is older than this is taken to be dead. Its process cannot be checked
 * from here; ten minutes is far beyond any pause of a live leader's event loop and tolerates clock skew.
 */
export const REMOTE_STALE_MS = 10 * 60_000;
/** A takeover marker older than this was left by a process that died in the middle of a takeover. */
const TAKEOVER_STALE_MS = 30_000;

/** A held lock. `release` is idempotent; a lock that was taken over by someone else is left alone. */
export interface LeaderLock {
  readonly record: LeaderLockRecord;
  release(): Promise<void>;
}

/** Options of {@link acquireLeaderLock}. */
export interface AcquireOptions {
  purpose: LockPurpose;
  /** Receives the message when a dead holder's lock is taken over. */
  log?: Pick<Logger, 'warn'>;
  /** Whether to refresh the heartbeat while held (leaders: yes; a short `toil clean`: not needed). Default true. */
  heartbeat?: boolean;
  /** The clock, for tests. */
  now?: () => number;
}

function parseRecord(data: Buffer | undefined): LeaderLockRecord | undefined {
  if (!data) return undefined;
  try {
    const record = JSON.parse(data.toString('utf8')) as Partial<LeaderLockRecord>;
    if (typeof record.pid !== 'number' || typeof record.host !== 'string' || typeof record.token !== 'string')
      return undefined;
    return record as LeaderLockRecord;
  } catch {
    return undefined;
  }
}

/** Read the lock of a store: who holds it, or undefined when nobody does (or the record is torn). */
export async function readLeaderLock(store: JobStore): Promise<LeaderLockRecord | undefined> {
  return parseRecord(await store.readSharedFile(SharedFiles.leaderLock));
}

/**
 * Whether the lock's holder is dead: its pid is gone on this host, or (on another host) its heartbeat stopped
 * more than {@link REMOTE_STALE_MS} ago.
 */
export async function isLockStale(record: LeaderLockRecord, now = Date.now()): Promise<boolean> {
  const state = await leaderProcessState(record);
  if (state === 'gone') return true;
  if (state === 'alive') return false;
  const beat = Date.parse(record.heartbeatAt);
  return Number.isFinite(beat) && now - beat > REMOTE_STALE_MS;
}

/**
 * Take the job store's lock: one leader per store, and no `toil clean` or `toil debug-job` while a leader runs.
 * The lock is a shared file created exclusively (JobStore.createSharedFile), so it works on every store and
 * across hosts. A live holder makes this throw JobStoreInUseError naming it; a dead holder's lock is taken over
 * with a warning. The caller must `release` it (a killed process leaves a lock that the next one takes over).
 */
export async function acquireLeaderLock(store: JobStore, options: AcquireOptions): Promise<LeaderLock> {
  const now = options.now ?? Date.now;
  const stamp = () => new Date(now()).toISOString();
  const record: LeaderLockRecord = {
    pid: process.pid,
    host: hostname(),
    purpose: options.purpose,
    token: randomUUID(),
    startedAt: stamp(),
    heartbeatAt: stamp(),
  };
  // A few rounds: a holder may release, or another process may take over a dead one, between our steps.
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await store.createSharedFile(SharedFiles.leaderLock, JSON.stringify(record)))
      return holdLock(store, record, options.heartbeat ?? true, stamp);
    const holder = await readLeaderLock(store);
    if (holder === undefined) {
      // Released in between, or written by an exclusive-open fallback that is not complete yet.
      await new Promise((resolve) => setTimeout(resolve, 20 * (attempt + 1)));
      continue;
    }
    if (!(await isLockStale(holder, now()))) throw new JobStoreInUseError(store.locator, holder);
    await takeOver(store, holder, options.log, now);
  }
  throw new JobStoreInUseError(store.locator, await readLeaderLock(store));
}

/**
 * Remove a dead holder's lock so that the next create can win. The takeover marker makes this one process's
 * job: two processes that both saw the same dead holder must not both delete "its" lock, the second deleting the
 * first one's fresh lock instead.
 */
async function takeOver(
  store: JobStore,
  dead: LeaderLockRecord,
  log: Pick<Logger, 'warn'> | undefined,
  now: () => number,
): Promise<void> {
  const marker = JSON.stringify({ pid: process.pid, host: hostname(), at: now() });
  if (!(await store.createSharedFile(SharedFiles.leaderLockTakeover, marker))) {
    const at = markerTime(await store.readSharedFile(SharedFiles.leaderLockTakeover));
    // Somebody else is taking over right now; the next round sees their lock. A marker of a dead taker is removed.
    if (!Number.isFinite(at) || now() - at > TAKEOVER_STALE_MS)
      await store.deleteSharedFile(SharedFiles.leaderLockTakeover);
    await new Promise((resolve) => setTimeout(resolve, 50));
    return;
  }
  try {
    const current = await readLeaderLock(store);
    if (current?.token !== dead.token) return;
    log?.warn(
      `Taking over the job store ${store.locator} from its previous ${dead.purpose === 'clean' || dead.purpose === 'debug-job' ? `'toil ${dead.purpose}'` : 'leader'} (pid ${dead.pid} on ${dead.host}, started ${dead.startedAt}), which is no longer running.`,
    );
    await store.deleteSharedFile(SharedFiles.leaderLock);
  } finally {
    await store.deleteSharedFile(SharedFiles.leaderLockTakeover);
  }
}

/** When a takeover marker was written, or NaN for a torn or missing one. */
function markerTime(data: Buffer | undefined): number {
  try {
    return data ? Number((JSON.parse(data.toString('utf8')) as { at?: unknown }).at) : NaN;
  } catch {
    return NaN;
  }
}

function holdLock(store: JobStore, record: LeaderLockRecord, heartbeat: boolean, stamp: () => string): LeaderLock {
  let released = false;
  const timer = heartbeat
    ? setInterval(() => {
        void (async () => {
          const current = await readLeaderLock(store);
          if (released || current?.token !== record.token) return;
          await store.writeSharedFile(SharedFiles.leaderLock, JSON.stringify({ ...record, heartbeatAt: stamp() }));
        })().catch(() => undefined);
        // A failed beat (a store being destroyed by --clean, or briefly unreachable) is retried by the next one.
      }, HEARTBEAT_MS)
    : undefined;
  timer?.unref();
  return {
    record,
    async release() {
      if (released) return;
      released = true;
      if (timer) clearInterval(timer);
      if (!(await store.exists())) return;
      if ((await readLeaderLock(store))?.token === record.token) await store.deleteSharedFile(SharedFiles.leaderLock);
    },
  };
}
