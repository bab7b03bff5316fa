import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JobLogFiles } from './job-log-files.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'toil-joblogs-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('JobLogFiles', () => {
  it('is off without --writeLogs or --writeLogsGzip', () => {
    expect(JobLogFiles.fromConfig({})).toBeUndefined();
  });

  it('writes one file per job attempt, named after the job, numbered, failed_ for failures', async () => {
    const files = JobLogFiles.fromConfig({ writeLogs: join(dir, 'logs') })!;
    const job = { id: 'jobabc123', name: 'count.words' };
    expect(basename(await files.write(job, 'first attempt\n', true))).toBe('failed_count.words_jobabc123_000.log');
    expect(basename(await files.write(job, 'second attempt\n', true))).toBe('failed_count.words_jobabc123_001.log');
    expect(basename(await files.write(job, 'it worked\n', false))).toBe('count.words_jobabc123_000.log');
    expect(await readFile(join(dir, 'logs', 'failed_count.words_jobabc123_001.log'), 'utf8')).toBe('second attempt\n');
  });

  it('makes any job name a safe file name', async () => {
    const files = JobLogFiles.fromConfig({ writeLogs: dir })!;
    const path = await files.write({ id: 'job1', name: '../square "x"/ünïcode' }, 'text', false);
    expect(basename(path)).toBe('__square_x_n_code_job1_000.log');
    expect(await readdir(dir)).toEqual([basename(path)]);
    const long = await files.write({ id: 'job2', name: 'n'.repeat(500) }, 'text', false);
    expect(basename(long)).toBe(`${'n'.repeat(100)}_job2_000.log`);
  });

  it('gzips with --writeLogsGzip', async () => {
    const files = JobLogFiles.fromConfig({ writeLogsGzip: dir })!;
    const path = await files.write({ id: 'job9', name: 'zip' }, 'compressed line\n'.repeat(100), false);
    expect(basename(path)).toBe('zip_job9_000.log.gz');
    const raw = await readFile(path);
    expect(raw.length).toBeLessThan(1600);
    expect(gunzipSync(raw).toString('utf8')).toBe('compressed line\n'.repeat(100));
  });

  it('gives concurrent writes of one job distinct files', async () => {
    const files = JobLogFiles.fromConfig({ writeLogs: dir })!;
    const paths = await Promise.all(
      Array.from({ length: 5 }, (_, i) => files.write({ id: 'job5', name: 'same' }, `attempt ${i}`, true)),
    );
    expect(new Set(paths).size).toBe(5);
  });
});
