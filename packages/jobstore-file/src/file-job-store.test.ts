import { lstat, mkdir, mkdtemp, readFile, readdir, readlink, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectToilError, makeJob, startTestHttpServer, testConfig, type TestHttpServer } from '@toil/testing';
import { FileJobStore } from './file-job-store.js';
import { plugin } from './plugin.js';

let parent: string;
let store: FileJobStore;
let counter = 0;
beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), 'toil-fjs-'));
});
afterAll(async () => {
  await rm(parent, { recursive: true, force: true });
});
afterEach(async () => {
  await store?.destroy();
});

async function openStore(): Promise<FileJobStore> {
  store = new FileJobStore(`file:${join(parent, `store-${counter++}`)}`);
  await store.initialize(testConfig());
  return store;
}

describe('locators and the plugin descriptor', () => {
  it('accepts file:<absolute path>, the file:/// URL form and bare absolute paths', () => {
    expect(plugin).toMatchObject({ kind: 'jobStore', name: 'file', packageName: '@toil/jobstore-file' });
    expect(plugin.create('file:/data/js').locator).toBe('file:/data/js');
    expect(plugin.create('file:/data//js/').directory).toBe('/data/js');
    expect(plugin.create('file:///data/my%20store').directory).toBe('/data/my store');
    expect(plugin.create('/data/js').locator).toBe('file:/data/js');
    expect(new FileJobStore('file:/ignored', '/data/other').locator).toBe('file:/data/other');
  });

  it('rejects relative and empty paths with InvalidLocatorError', () => {
    expect(() => plugin.create('file:relative/js')).toThrow(/relative; use an absolute path/);
    expect(() => plugin.create('file:')).toThrow(/empty/);
    let error: unknown;
    try {
      plugin.create('file:./js');
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({ code: 'INVALID_LOCATOR', userFacing: true });
  });
});

describe('FileJobStore on disk', () => {
  it('initializes an existing empty directory, but refuses one with foreign files and never deletes them', async () => {
    const empty = join(parent, 'empty-dir');
    await mkdir(empty);
    store = new FileJobStore(`file:${empty}`);
    await store.initialize(testConfig());
    expect(await store.exists()).toBe(true);
    await store.destroy();
    await expect(stat(empty)).rejects.toMatchObject({ code: 'ENOENT' });

    const foreign = join(parent, 'foreign-dir');
    await mkdir(foreign);
    await writeFile(join(foreign, 'thesis.tex'), 'precious');
    store = new FileJobStore(`file:${foreign}`);
    const error = await expectToilError(store.initialize(testConfig()), 'INVALID_LOCATOR');
    expect(error.message).toContain('thesis.tex');
    await store.destroy();
    expect(await readFile(join(foreign, 'thesis.tex'), 'utf8')).toBe('precious');
    expect(await readdir(foreign)).toEqual(['thesis.tex']);
  });

  it('lays out jobs and files as documented, keeping basenames in file IDs', async () => {
    await openStore();
    const id = store.assignId();
    expect(id).toMatch(/^job[a-z0-9]{12}$/);
    await store.create(makeJob(id));
    const shard = id.slice(-2);
    expect(JSON.parse(await readFile(join(store.directory, 'jobs', shard, `${id}.json`), 'utf8'))).toEqual(makeJob(id));
    const owned = await store.writeFileBytes('x', { ownerJobId: id, basename: 'my output.txt' });
    expect(owned).toMatch(new RegExp(`^jobs/${shard}/${id}\\.files/f[a-z0-9]{12}-my_output\\.txt$`));
    const free = await store.writeFileBytes('y');
    expect(free).toMatch(/^files\/[a-z0-9]{2}\/f[a-z0-9]{12}$/);
    expect(store.localPathOf(free)).toBe(join(store.directory, free));
    await store.delete(id);
    expect(await readdir(join(store.directory, 'jobs', shard))).toEqual([]);
    expect(await readdir(join(store.directory, 'tmp'))).toEqual([]);
    await expectToilError(store.writeFileBytes('x', { ownerJobId: '../../etc' }), 'INVALID_VALUE');
  });

  it('immutable reads hard-link the read-only stored file; mutable reads copy', async () => {
    await openStore();
    const id = await store.writeFileBytes('linked content');
    const storedStat = await stat(store.localPathOf(id));
    expect(storedStat.mode & 0o222).toBe(0);
    const linked = join(parent, 'linked.txt');
    await store.readFile(id, linked);
    const linkedStat = await stat(linked);
    expect(linkedStat.ino).toBe(storedStat.ino);
    expect(linkedStat.nlink).toBe(2);
    const copied = join(parent, 'copied.txt');
    await store.readFile(id, copied, { mutable: true });
    const copiedStat = await stat(copied);
    expect(copiedStat.ino).not.toBe(storedStat.ino);
    expect(copiedStat.mode & 0o777).toBe(0o644);
    expect(await readFile(copied, 'utf8')).toBe('linked content');
  });

  it('falls back to a copy, or a symlink when allowed, across filesystems', async (test) => {
    await openStore();
    const shm = '/dev/shm';
    const other = await stat(shm).catch(() => undefined);
    if (!other || other.dev === (await stat(store.directory)).dev) test.skip();
    const dir = await mkdtemp(join(shm, 'toil-fjs-'));
    try {
      const id = await store.writeFileBytes('across devices', { executable: true });
      const copy = join(dir, 'copy');
      await store.readFile(id, copy);
      expect(await readFile(copy, 'utf8')).toBe('across devices');
      expect((await stat(copy)).mode & 0o777).toBe(0o555);
      const link = join(dir, 'link');
      await store.readFile(id, link, { symlink: true });
      expect((await lstat(link)).isSymbolicLink()).toBe(true);
      expect(await readlink(link)).toBe(store.localPathOf(id));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('imports with symlink: true as a symlink to the source', async () => {
    await openStore();
    const source = join(parent, 'symlink-source.txt');
    await writeFile(source, 'v1');
    const id = (await store.importFile(`file://${source}`, { symlink: true })) as string;
    expect((await lstat(store.localPathOf(id))).isSymbolicLink()).toBe(true);
    await writeFile(source, 'v2');
    expect((await store.readFileBytes(id)).toString()).toBe('v2');
  });

  it('moves read stats blobs to stats/read', async () => {
    await openStore();
    await store.writeStatsAndLogging('one');
    await store.writeStatsAndLogging('two');
    expect((await readdir(join(store.directory, 'stats'))).length).toBe(3); // two blobs and read/
    expect(await store.readStatsAndLogging(() => undefined)).toBe(2);
    expect(await readdir(join(store.directory, 'stats'))).toEqual(['read']);
    expect((await readdir(join(store.directory, 'stats', 'read'))).length).toBe(2);
  });

  it('recovers when another instance deleted a directory this one has cached', async () => {
    await openStore();
    const other = new FileJobStore(store.locator);
    await other.resume();
    const id = store.assignId();
    await store.writeFileBytes('first', { ownerJobId: id });
    await other.delete(id);
    const again = await store.writeFileBytes('second', { ownerJobId: id });
    expect((await other.readFileBytes(again)).toString()).toBe('second');
  });

  it('destroy removes the whole directory', async () => {
    await openStore();
    await store.create(makeJob(store.assignId()));
    await store.destroy();
    await expect(stat(store.directory)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('http imports', () => {
  let server: TestHttpServer;
  beforeAll(async () => {
    server = await startTestHttpServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('retries transient failures before data flows, not permanent ones', async () => {
    await openStore();
    server.files.set('/flaky', Buffer.from('eventually'));
    server.failNext('/flaky', 503, 2);
    const id = (await store.importFile(`${server.url}/flaky`)) as string;
    expect((await store.readFileBytes(id)).toString()).toBe('eventually');
    expect(server.hits.get('/flaky')).toBe(3);
    server.failNext('/gone', 404, 1);
    await expectToilError(store.importFile(`${server.url}/gone`), 'INVALID_URL');
    expect(server.hits.get('/gone')).toBe(1);
    expect(await readdir(join(store.directory, 'tmp'))).toEqual([]);
  });
});
