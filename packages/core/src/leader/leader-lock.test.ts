import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it, vi } from 'vitest';
import { NoSuchJobStoreError, ToilError } from '../errors.js';
import { SharedFiles, type JobStore } from '../jobstore/jobstore.js';
import { acquireLeaderLock, readLeaderLock, REMOTE_STALE_MS, type LeaderLockRecord } from './leader-lock.js';

/** Just the shared files of a job store, with an exclusive create: all the lock uses. */
function sharedFilesStore(): JobStore {
  const files = new Map<string, Buffer>();
  let exists = true;
  const store = {
    locator: 'memory:lock-test',
    exists: async () => exists,
    destroy: async () => {
      exists = false;
      files.clear();
    },
    readSharedFile: async (name: string) => files.get(name),
    writeSharedFile: async (name: string, data: string) => void files.set(name, Buffer.from(data)),
    deleteSharedFile: async (name: string) => void files.delete(name),
    createSharedFile: async (name: string, data: string) => {
      if (!exists) throw new NoSuchJobStoreError('memory:lock-test');
      if (files.has(name)) return false;
      files.set(name, Buffer.from(data));
      return true;
    },
  };
  return store as unknown as JobStore;
}

/** A lock record as another process would have written it. */
function foreignRecord(fields: Partial<LeaderLockRecord>): string {
  const now = new Date().toISOString();
  return JSON.stringify({
    pid: 1,
    host: hostname(),
    purpose: 'run',
    token: 'theirs',
    startedAt: now,
    heartbeatAt: now,
    ...fields,
  });
}

/** The pid of a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

function warnings(): { warn(message: string): void; lines: string[] } {
  const lines: string[] = [];
  return { lines, warn: (message: string) => void lines.push(message) };
}

describe('leader lock', () => {
  it('refuses a second holder while the first is alive, naming its pid, host and purpose, and not suggesting --restart', async () => {
    const store = sharedFilesStore();
    const first = await acquireLeaderLock(store, { purpose: 'run', heartbeat: false });
    const error = await acquireLeaderLock(store, { purpose: 'restart', heartbeat: false }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(ToilError.is(error) && error.code).toBe('JOB_STORE_IN_USE');
    const message = (error as Error).message;
    expect(message).toContain(`the leader pid ${process.pid} on host ${hostname()}`);
    expect(message).toContain("'memory:lock-test'");
    expect(message).not.toContain('--restart');
    await first.release();
    const second = await acquireLeaderLock(store, { purpose: 'clean', heartbeat: false });
    expect((await readLeaderLock(store))?.purpose).toBe('clean');
    await second.release();
    expect(await store.readSharedFile(SharedFiles.leaderLock)).toBeUndefined();
  });

  it('takes over the lock of a dead leader on this host, with a message naming it', async () => {
    const store = sharedFilesStore();
    const pid = deadPid();
    await store.writeSharedFile(SharedFiles.leaderLock, foreignRecord({ pid }));
    const log = warnings();
    const lock = await acquireLeaderLock(store, { purpose: 'restart', heartbeat: false, log });
    expect(lock.record.pid).toBe(process.pid);
    expect((await readLeaderLock(store))?.token).toBe(lock.record.token);
    expect(log.lines).toEqual([expect.stringContaining(`previous leader (pid ${pid} on ${hostname()}`)]);
    expect(log.lines[0]).toContain('no longer running');
    expect(await store.readSharedFile(SharedFiles.leaderLockTakeover)).toBeUndefined();
  });

  it('trusts a holder on another host while its heartbeat is fresh, and takes over once it has stopped', async () => {
    const store = sharedFilesStore();
    await store.writeSharedFile(SharedFiles.leaderLock, foreignRecord({ pid: 4242, host: 'elsewhere.example' }));
    await expect(acquireLeaderLock(store, { purpose: 'run', heartbeat: false })).rejects.toThrow(
      /pid 4242 on host elsewhere\.example/,
    );
    const old = new Date(Date.now() - REMOTE_STALE_MS - 60_000).toISOString();
    await store.writeSharedFile(
      SharedFiles.leaderLock,
      foreignRecord({ pid: 4242, host: 'elsewhere.example', heartbeatAt: old }),
    );
    const log = warnings();
    await acquireLeaderLock(store, { purpose: 'run', heartbeat: false, log });
    expect(log.lines).toEqual([expect.stringContaining('pid 4242 on elsewhere.example')]);
  });

  it('of many processes taking over one dead lock at once, exactly one wins', async () => {
    const store = sharedFilesStore();
    await store.writeSharedFile(SharedFiles.leaderLock, foreignRecord({ pid: deadPid() }));
    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, () => acquireLeaderLock(store, { purpose: 'run', heartbeat: false })),
    );
    const winners = outcomes.filter((o) => o.status === 'fulfilled');
    expect(winners).toHaveLength(1);
    for (const o of outcomes)
      if (o.status === 'rejected') expect((o.reason as ToilError).code).toBe('JOB_STORE_IN_USE');
    expect((await readLeaderLock(store))?.token).toBe(
      (winners[0] as PromiseFulfilledResult<{ record: LeaderLockRecord }>).value.record.token,
    );
  });

  it('release leaves alone a lock that somebody else holds now, and is a no-op on a destroyed store', async () => {
    const store = sharedFilesStore();
    const lock = await acquireLeaderLock(store, { purpose: 'run', heartbeat: false });
    await store.writeSharedFile(SharedFiles.leaderLock, foreignRecord({ token: 'new-holder' }));
    await lock.release();
    expect((await readLeaderLock(store))?.token).toBe('new-holder');
    await store.deleteSharedFile(SharedFiles.leaderLock);
    const again = await acquireLeaderLock(store, { purpose: 'run', heartbeat: false });
    await store.destroy();
    await again.release();
  });

  it('refreshes the heartbeat while held', async () => {
    const store = sharedFilesStore();
    let now = Date.parse('2026-01-01T00:00:00Z');
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const lock = await acquireLeaderLock(store, { purpose: 'run', now: () => now });
      now += 45_000;
      await vi.advanceTimersByTimeAsync(30_000);
      expect((await readLeaderLock(store))?.heartbeatAt).toBe('2026-01-01T00:00:45.000Z');
      await lock.release();
    } finally {
      vi.useRealTimers();
    }
  });
});
