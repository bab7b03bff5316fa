import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NodeCache } from './node-cache.js';
import { makeRig, startReader, type Rig } from './test-support.js';

/** Separate worker processes sharing one node cache, with real kills. */
let rig: Rig;
beforeEach(async () => {
  rig = await makeRig();
});
afterEach(async () => {
  await rig.cleanup();
});

/** Downloads in progress in a cache's tmp/ (job records pass through it too, as `<name>.job`). */
const downloads = async (tmp: string) =>
  (await readdir(tmp).catch(() => [] as string[])).filter((n) => !n.endsWith('.job'));
/** Whether a download has written its first bytes. */
const downloadStarted = async (tmp: string) => {
  for (const name of await downloads(tmp)) if ((await stat(join(tmp, name)).catch(() => undefined))?.size) return true;
  return false;
};
const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const cacheDir = () => join(rig.workDir, 'cache-wf');

describe('node cache shared by worker processes', () => {
  it('gives 8 concurrent readers of one file one download and one cached copy (same inode)', async () => {
    const { id, data } = await rig.addFile(8 * 2 ** 20);
    // 8 MiB at 16 MiB/s: the download takes about half a second, so all readers overlap it.
    const readers = Array.from({ length: 8 }, () => startReader(rig, id, { bytesPerSecond: 16 * 2 ** 20 }));
    const results = await Promise.all(readers.map((r) => r.result));
    expect(await rig.downloads()).toBe(1);
    const entries = await readdir(join(cacheDir(), 'files'));
    expect(entries).toHaveLength(1);
    const cached = await stat(join(cacheDir(), 'files', entries[0]!));
    expect(new Set(results.map((r) => r.ino))).toEqual(new Set([cached.ino]));
    expect(results.every((r) => r.size === data.length)).toBe(true);
    expect(sha(await readFile(results[0]!.path))).toBe(sha(data));
    // One copy of the data on disk: the cache entry plus the 8 readers' links (their temp dirs are kept here).
    expect((await stat(join(cacheDir(), 'files', entries[0]!))).nlink).toBe(9);
    // Nothing left behind: no locks, no half-written files, no job records.
    expect(await readdir(join(cacheDir(), 'locks'))).toEqual([]);
    expect(await readdir(join(cacheDir(), 'tmp'))).toEqual([]);
    expect(await readdir(join(cacheDir(), 'jobs'))).toEqual([]);
  });

  it('survives a reader killed -9 mid-download: no cache entry, the next reader fetches the whole file', async () => {
    const { id, data } = await rig.addFile(16 * 2 ** 20);
    const victim = startReader(rig, id, { bytesPerSecond: 4 * 2 ** 20 });
    // Wait until its download has written part of the file, then kill it.
    const tmp = join(cacheDir(), 'tmp');
    let partial = 0;
    for (let i = 0; i < 400 && partial === 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
      const names = await downloads(tmp);
      const sizes = await Promise.all(
        names.map((n) =>
          stat(join(tmp, n)).then(
            (s) => s.size,
            () => 0,
          ),
        ),
      );
      partial = Math.max(0, ...sizes);
    }
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(data.length);
    victim.child.kill('SIGKILL');
    await expect(victim.result).rejects.toThrow('SIGKILL');
    expect(await readdir(join(cacheDir(), 'files'))).toEqual([]);
    expect(await readdir(join(cacheDir(), 'locks'))).toHaveLength(1); // the dead reader's download lock

    const next = await startReader(rig, id, { bytesPerSecond: 256 * 2 ** 20 }).result;
    expect(await rig.downloads()).toBe(2);
    expect(next.size).toBe(data.length);
    expect(sha(await readFile(next.path))).toBe(sha(data));
    expect(await readdir(join(cacheDir(), 'files'))).toHaveLength(1);
  });

  it('cleans a crashed worker’s half-written file, lock and job record when the cache is reopened', async () => {
    const { id, data } = await rig.addFile(16 * 2 ** 20);
    const victim = startReader(rig, id, { bytesPerSecond: 4 * 2 ** 20 });
    const tmp = join(cacheDir(), 'tmp');
    for (let i = 0; i < 400 && !(await downloadStarted(tmp)); i++) await new Promise((r) => setTimeout(r, 10));
    victim.child.kill('SIGKILL');
    await victim.result.catch(() => undefined);

    const cache = await NodeCache.open(rig.workDir, 'wf', Infinity);
    // The dead reader's partial download, its download lock and its job record (its reference to the file).
    expect(cache.recovered).toEqual({ tmp: 1, locks: 1, jobs: 1 });
    expect(await cache.recover()).toEqual({ tmp: 0, locks: 0, jobs: 0 });
    expect(await readdir(tmp)).toEqual([]);
    expect(await readdir(join(cacheDir(), 'locks'))).toEqual([]);
    expect(await readdir(join(cacheDir(), 'jobs'))).toEqual([]);
    expect(await readdir(join(cacheDir(), 'files'))).toEqual([]);
    // And the cache works after it: one fetch, the right bytes.
    const hit = await cache.fetch(id, data.length, (temp) => rig.store.readFile(id, temp, { mutable: true }));
    expect(hit?.fetched).toBe(true);
    expect(sha(await readFile(hit!.path))).toBe(sha(data));
  });
});
