import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, makeJob, testConfig } from '@toil/testing';
import { FileJobStore } from './file-job-store.js';

const packageDir = dirname(dirname(fileURLToPath(import.meta.url)));

describe('FileJobStore crash safety', () => {
  let parent: string;
  let store: FileJobStore;
  beforeAll(async () => {
    parent = await mkdtemp(join(tmpdir(), 'toil-fjs-crash-'));
  });
  afterAll(async () => {
    await rm(parent, { recursive: true, force: true });
  });

  const open = async (name: string): Promise<FileJobStore> => {
    store = new FileJobStore(`file:${join(parent, name)}`);
    await store.initialize(testConfig());
    return store;
  };

  it('ignores leftover and half-written temp files', async () => {
    await open('leftovers');
    const job = makeJob(store.assignId(), { displayName: 'committed' });
    await store.create(job);
    const fileId = await store.writeFileBytes('committed file');
    // What a writer killed mid-write leaves: partial temp files that were never renamed into place.
    await writeFile(join(store.directory, 'tmp', 'tkilled-0'), '{"v":1,"id":"' + job.id + '","displayName":"torn');
    await writeFile(join(store.directory, 'tmp', 'tkilled-1'), 'half a fi');
    expect(await store.load(job.id)).toEqual(job);
    expect((await store.readFileBytes(fileId)).toString()).toBe('committed file');
    expect((await collect(store.jobs())).map((j) => j.id)).toEqual([job.id]);
    expect((await store.resume()).workflowId).toBe('test-workflow-0001');
  });

  it('leaves no temp files behind after successful and failed writes', async () => {
    await open('no-leaks');
    const job = makeJob(store.assignId());
    await store.create(job);
    await store.update({ ...job, done: true });
    const fileId = await store.writeFileBytes('x', { ownerJobId: job.id });
    await store.updateFileBytes(fileId, 'y');
    await store.writeFileStream(async (s) => void s.end('z'));
    await expect(store.writeFileStream(async () => Promise.reject(new Error('fill failed')))).rejects.toThrow(
      'fill failed',
    );
    await store.delete(job.id);
    await expect(store.update(job)).rejects.toMatchObject({ code: 'NO_SUCH_JOB' });
    await expect(store.updateFileBytes(fileId, 'gone')).rejects.toMatchObject({ code: 'NO_SUCH_FILE' });
    await store.writeSharedFile('s', 'x');
    await store.writeStatsAndLogging('blob');
    expect(await readdir(join(store.directory, 'tmp'))).toEqual([]);
  });

  it('keeps every record whole when the writer is killed with SIGKILL at random moments', async () => {
    await open('sigkill');
    const outfile = join(packageDir, 'node_modules', '.cache', 'toil-crash-writer.mjs');
    // Bundle the fixture from source so the test needs no prior build; @toil/core resolves from this package.
    await build({
      entryPoints: [join(packageDir, 'src', 'fixtures', 'crash-writer.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: ['@toil/core'],
      logLevel: 'error',
    });
    const job = makeJob(store.assignId(), { displayName: 'initial' });
    await store.create(job);
    const fileId = await store.writeFileBytes('0000000000');
    let lastVersion = job.remainingTries;
    for (let round = 0; round < 6; round++) {
      const child = spawn(process.execPath, [outfile, store.locator, job.id, fileId], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
        child.on('exit', (code) => reject(new Error(`crash writer exited early with ${code}`)));
      });
      await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 60));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));

      const loaded = await store.load(job.id);
      expect(loaded.displayName.length).toBe(loaded.predecessorCount);
      expect(new Set(loaded.displayName).size).toBe(1);
      // The writer made progress in every round, so records were being rewritten when it died.
      expect(loaded.remainingTries).toBeGreaterThan(lastVersion);
      lastVersion = loaded.remainingTries;
      const file = (await store.readFileBytes(fileId)).toString();
      expect(file.length - 10).toBe(Number(file.slice(0, 10)));
      expect(new Set(file.slice(10)).size).toBe(1);
      const shared = (await store.readSharedFile('crash.txt'))?.toString() ?? '';
      expect(new Set(shared).size).toBe(1);
      expect([1000, 41_000, 81_000, 121_000, 161_000, 201_000, 241_000]).toContain(shared.length);
      let blobs = 0;
      await store.readStatsAndLogging((blob) => {
        const parsed = JSON.parse(blob) as { i: number; text: string };
        expect(parsed.text.length).toBe(1000 + (parsed.i % 7) * 40_000);
        blobs++;
      });
      expect(blobs).toBeGreaterThan(0);
    }
  }, 60_000);
});
