import { createHash } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobStore } from '@toil/core/backend';
import { CachingFileStore } from './caching-file-store.js';
import { NodeCache } from './node-cache.js';
import { makeRig, type Rig } from './test-support.js';

/** One job's caching file store over a real file job store, in this process. */
let rig: Rig;
let logs: { text: string; level?: string }[];
beforeEach(async () => {
  rig = await makeRig();
  logs = [];
});
afterEach(async () => {
  await rig.cleanup();
});

let jobs = 0;
function jobFiles(cache: NodeCache, options: { disk?: number; store?: JobStore } = {}): CachingFileStore {
  const n = ++jobs;
  return new CachingFileStore(cache, {
    store: options.store ?? rig.store,
    jobId: `job-${n}`,
    jobTempDir: join(rig.workDir, `job-${n}`),
    // No requirement unless a test gives one, so that reservations do not shrink the small test limits.
    disk: options.disk ?? 0,
    log: (text, level) => logs.push({ text, level }),
  });
}
const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const MiB = 2 ** 20;

describe('CachingFileStore', () => {
  it('writes into the cache (same inode as the source) and the job store, and later jobs read the cached copy', async () => {
    const cache = await NodeCache.open(rig.workDir, 'wf', Infinity);
    const writer = jobFiles(cache);
    const source = join(await writer.ensureTempDir(), 'out.bin');
    const data = Buffer.alloc(3 * MiB, 7);
    await writeFile(source, data);
    const id = await writer.writeGlobalFile(source);
    await writer.flush();
    expect(sha(await rig.store.readFileBytes(id.id))).toBe(sha(data));
    const entry = await cache.lookup(id.id);
    expect((await stat(entry!)).ino).toBe((await stat(source)).ino);
    await writer.release();

    const reader = jobFiles(cache);
    const path = await reader.readGlobalFile(id);
    expect((await stat(path)).ino).toBe((await stat(entry!)).ino);
    const mutable = await reader.readGlobalFile(id, undefined, { mutable: true });
    expect((await stat(mutable)).ino).not.toBe((await stat(entry!)).ino);
    await writeFile(mutable, 'changed'); // a mutable copy is the job's own: writable, and the cache keeps its bytes
    expect(sha(await readFile(entry!))).toBe(sha(data));
    await reader.release();
  });

  it('returns the FileID before the upload ends, and flush() waits for it (the job is done only then)', async () => {
    const cache = await NodeCache.open(rig.workDir, 'wf', Infinity);
    let finishUpload: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (finishUpload = resolve));
    // A store whose uploads stay unfinished (the file not yet visible) until the gate opens.
    const slowStore = Object.create(rig.store) as JobStore;
    slowStore.writeFileStream = (fill, options) =>
      rig.store.writeFileStream(async (stream: Writable, fileId: string) => {
        await fill(stream, fileId);
        await gate;
      }, options);
    const files = jobFiles(cache, { store: slowStore });
    const source = join(await files.ensureTempDir(), 'a.txt');
    await writeFile(source, 'hello');
    const id = await files.writeGlobalFile(source);
    expect(await rig.store.fileExists(id.id)).toBe(false); // the job has its FileID; the upload goes on
    let flushed = false;
    const flushing = files.flush().then(() => (flushed = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(flushed).toBe(false);
    finishUpload();
    await flushing;
    expect((await rig.store.readFileBytes(id.id)).toString()).toBe('hello');
    await files.release();
  });

  it('fails flush() when an upload fails, so the job is not committed', async () => {
    const cache = await NodeCache.open(rig.workDir, 'wf', Infinity);
    const brokenStore = Object.create(rig.store) as JobStore;
    brokenStore.writeFileStream = (fill, options) =>
      rig.store.writeFileStream(async (stream: Writable, fileId: string) => {
        await fill(stream, fileId);
        throw new Error('connection reset by the store');
      }, options);
    const files = jobFiles(cache, { store: brokenStore });
    const source = join(await files.ensureTempDir(), 'b.txt');
    await writeFile(source, 'data');
    await files.writeGlobalFile(source);
    await expect(files.flush()).rejects.toThrow('connection reset by the store');
    await files.release();
  });

  it('evicts the least recently used unreferenced files under a small limit, never one a job uses', async () => {
    const cache = await NodeCache.open(rig.workDir, 'wf', 2.5 * MiB);
    const [a, b, c, d] = await Promise.all([1, 2, 3, 4].map(() => rig.addFile(MiB)));
    const holder = jobFiles(cache);
    await holder.readGlobalFile(a!.id); // a stays referenced while `holder` runs
    const other = jobFiles(cache);
    await other.readGlobalFile(b!.id);
    await other.release(); // b is cached but unreferenced now
    const third = jobFiles(cache);
    await third.readGlobalFile(c!.id); // 3 MiB would exceed 2.5: b (unreferenced, LRU) goes, a stays
    await third.release();
    expect(await cache.lookup(a!.id)).toBeDefined();
    expect(await cache.lookup(b!.id)).toBeUndefined();
    expect(await cache.lookup(c!.id)).toBeDefined();
    const fourth = jobFiles(cache);
    await fourth.readGlobalFile(d!.id); // c is now the only unreferenced one
    expect(await cache.lookup(c!.id)).toBeUndefined();
    expect(await cache.lookup(a!.id)).toBeDefined();
    expect((await cache.usage()).bytes).toBeLessThanOrEqual(2.5 * MiB);
    await fourth.release();
    await holder.release();
  });

  it("leaves the disk running jobs reserved and do not use yet out of the cache's room, as Toil does", async () => {
    const cache = await NodeCache.open(rig.workDir, 'wf', 4 * MiB);
    const small = await rig.addFile(MiB / 2);
    const [big1, big2] = await Promise.all([rig.addFile(2 * MiB), rig.addFile(2 * MiB)]);
    const reserving = jobFiles(cache, { disk: 3 * MiB });
    await reserving.readGlobalFile(small.id); // holds 0.5 MiB of its 3 MiB: 2.5 MiB reserved and unused
    const reader = jobFiles(cache);
    await reader.readGlobalFile(big1.id); // 0.5 + 2 > 4 - 2.5: not cached, a private copy instead
    expect(await cache.lookup(big1.id)).toBeUndefined();
    expect(reader.diskUsed).toBe(2 * MiB);
    await reserving.release(); // its reservation ends with it
    await reader.readGlobalFile(big2.id);
    expect(await cache.lookup(big2.id)).toBeDefined();
    await reader.release();
  });

  it('reads a file larger than the cache limit into a private copy and leaves the cache alone', async () => {
    const cache = await NodeCache.open(rig.workDir, 'wf', MiB);
    const big = await rig.addFile(2 * MiB);
    const files = jobFiles(cache);
    const path = await files.readGlobalFile(big.id);
    expect(sha(await readFile(path))).toBe(sha(big.data));
    expect(await readdir(join(cache.layout.root, 'files'))).toEqual([]);
    expect(files.diskUsed).toBe(2 * MiB);
    await files.release();
  });

  it("counts cached reads against the job's disk requirement and warns in the job's log when over it", async () => {
    const cache = await NodeCache.open(rig.workDir, 'wf', Infinity);
    const one = await rig.addFile(MiB);
    const two = await rig.addFile(MiB);
    const files = jobFiles(cache, { disk: 1.5 * MiB });
    await files.readGlobalFile(one.id);
    await files.readGlobalFile(one.id); // the same cached file twice counts once
    expect(files.diskUsed).toBe(MiB);
    await files.readGlobalFile(two.id, undefined, { mutable: true }); // a cached copy plus a private one
    expect(files.diskUsed).toBe(3 * MiB);
    await files.flush();
    expect(logs).toEqual([
      {
        level: 'WARNING',
        text: expect.stringContaining(
          `used ${3 * MiB} bytes of disk through the file store, more than its disk requirement of ${1.5 * MiB} bytes`,
        ) as string,
      },
    ]);
    await files.deleteLocalFile(one.id); // giving up the local copy releases the job's hold on the cached file
    expect(files.diskUsed).toBe(2 * MiB);
    await files.release();
  });

  it('drops a deleted global file from the cache once the job commits its deletions', async () => {
    const cache = await NodeCache.open(rig.workDir, 'wf', Infinity);
    const file = await rig.addFile(1000);
    const files = jobFiles(cache);
    await files.readGlobalFile(file.id);
    await files.deleteGlobalFile(file.id);
    expect(await cache.lookup(file.id)).toBeDefined(); // still there: the job may yet fail and be rerun
    await files.commitDeletes();
    expect(await cache.lookup(file.id)).toBeUndefined();
    expect(await rig.store.fileExists(file.id)).toBe(false);
    await files.release();
  });

  it('keeps its directory private and refuses one that other users can open', async () => {
    const cache = await NodeCache.open(rig.workDir, 'wf', Infinity);
    expect((await stat(cache.layout.root)).mode & 0o777).toBe(0o700);
    await mkdir(join(rig.workDir, 'cache-open'), { recursive: true });
    await chmod(join(rig.workDir, 'cache-open'), 0o755);
    await expect(NodeCache.open(rig.workDir, 'open', Infinity)).rejects.toThrow(
      `The file cache directory ${join(rig.workDir, 'cache-open')} is open to other users (mode 755). Remove it, or point --workDir at a directory of your own.`,
    );
  });
});
