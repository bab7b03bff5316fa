import { spawn, spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { JobStore } from '../jobstore/jobstore.js';
import { leaderProcessState, readLeaderPid, writeLeaderPid } from './leader-pid.js';

function sharedFileStore(): JobStore {
  const files = new Map<string, Buffer>();
  return {
    writeSharedFile: async (name: string, data: string | Uint8Array) => void files.set(name, Buffer.from(data)),
    readSharedFile: async (name: string) => files.get(name),
  } as unknown as JobStore;
}

describe('leader pid record', () => {
  it('records this process and finds it alive', async () => {
    const store = sharedFileStore();
    expect(await readLeaderPid(store)).toBeUndefined();
    await writeLeaderPid(store);
    const record = await readLeaderPid(store);
    expect(record).toEqual({ pid: process.pid, host: hostname() });
    expect(await leaderProcessState(record!)).toBe('alive');
  });

  it('a process that exited is gone; one on another host cannot be checked', async () => {
    const exited = spawnSync(process.execPath, ['-e', '0']).pid!;
    expect(await leaderProcessState({ pid: exited, host: hostname() })).toBe('gone');
    expect(await leaderProcessState({ pid: process.pid, host: `not-${hostname()}` })).toBe('elsewhere');
  });

  it('a live process that is not a node program (a reused PID) counts as gone', async () => {
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      expect(await leaderProcessState({ pid: sleeper.pid!, host: hostname() })).toBe('gone');
    } finally {
      sleeper.kill();
    }
  });

  it('ignores a torn or foreign pid file', async () => {
    const store = sharedFileStore();
    await store.writeSharedFile('pid.log', '12345');
    expect(await readLeaderPid(store)).toBeUndefined();
    await store.writeSharedFile('pid.log', '{"pid": 1');
    expect(await readLeaderPid(store)).toBeUndefined();
  });
});
