import { describe, expect, it } from 'vitest';
import type { JobStore } from '../jobstore/jobstore.js';
import { clearKillFlag, readKillFlag, watchKillFlag, writeKillFlag, type KillRequest } from './kill-flag.js';

/** Just the shared-file part of a job store. */
function sharedFileStore(): JobStore {
  const files = new Map<string, Buffer>();
  return {
    writeSharedFile: async (name: string, data: string | Uint8Array) => void files.set(name, Buffer.from(data)),
    readSharedFile: async (name: string) => files.get(name),
    deleteSharedFile: async (name: string) => void files.delete(name),
  } as unknown as JobStore;
}

describe('kill flag', () => {
  it('is written with who asked, read back, and cleared', async () => {
    const store = sharedFileStore();
    expect(await readKillFlag(store)).toBeUndefined();
    await writeKillFlag(store);
    const request = await readKillFlag(store);
    expect(request?.pid).toBe(process.pid);
    expect(Date.parse(request!.at)).toBeGreaterThan(Date.now() - 60_000);
    await clearKillFlag(store);
    expect(await readKillFlag(store)).toBeUndefined();
  });

  it('a torn flag still counts as a request', async () => {
    const store = sharedFileStore();
    await store.writeSharedFile('kill.flag', '{"host": "a');
    expect(await readKillFlag(store)).toEqual({ host: 'unknown', pid: 0, at: '' });
  });

  it('the watcher calls back once, soon after the flag appears, and not after stop()', async () => {
    const store = sharedFileStore();
    const seen: KillRequest[] = [];
    const watch = watchKillFlag(store, (r) => seen.push(r), 20);
    await new Promise((r) => setTimeout(r, 80));
    expect(seen).toHaveLength(0);
    await writeKillFlag(store);
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).toHaveLength(1);
    watch.stop();

    const stopped: KillRequest[] = [];
    const other = watchKillFlag(store, (r) => stopped.push(r), 20);
    other.stop();
    await new Promise((r) => setTimeout(r, 80));
    expect(stopped).toHaveLength(0);
  });
});
