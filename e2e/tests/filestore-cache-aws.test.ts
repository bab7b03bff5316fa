/**
 * Toil's caching default on an `aws:` job store through the real CLI, against the real S3 server of
 * tooling/start-s3.sh (Ceph radosgw on 127.0.0.1): unset, single_machine jobs read one cached copy (a read would
 * otherwise download the file again); `--disableCaching` switches back to a download per read (no cache on the
 * node). Both ways give every reader the writer's bytes.
 */
import { mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AwsJobStore } from '@toil/jobstore-aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toilRun } from './helpers/cli.js';
import { testS3Env, uniqueStoreName } from './helpers/s3.js';
import { tempDir } from './helpers/temp.js';

const s3 = testS3Env();
const created: string[] = [];
let savedEnv: NodeJS.ProcessEnv;

interface Seen {
  writer: { ino: number; sha: string };
  reads: { ino: number; sha: string; fileStore: string }[];
}

beforeAll(() => {
  savedEnv = { ...process.env };
  Object.assign(process.env, s3);
});

afterAll(async () => {
  for (const name of created) await new AwsJobStore(name).destroy();
  process.env = savedEnv;
});

/** Run the shareFile fixture (one 2 MiB file, 4 readers) on a fresh aws: store; the node's work dir is kept. */
async function run(extra: string[]): Promise<{ seen: Seen; workDir: string; stderr: string }> {
  const workDir = join(await tempDir(), 'work');
  await mkdir(workDir, { mode: 0o700 });
  const js = `aws:us-east-1:${uniqueStoreName('cache')}`;
  created.push(js);
  const result = await toilRun(
    'caching.ts',
    js,
    'shareFile',
    [2 * 2 ** 20, 4],
    ['--workDir', workDir, '--cleanWorkDir', 'never', '--maxCores', '2', '--logLevel', 'INFO', ...extra],
    { env: s3 },
  );
  expect(result.code, result.stderr).toBe(0);
  return { seen: JSON.parse(result.stdout) as Seen, workDir, stderr: result.stderr };
}

/** Inodes of the cache entries left in the node's work dir (none when no cache was made). */
async function cacheEntries(workDir: string): Promise<number[]> {
  const [workflowDir] = (await readdir(workDir)).filter((n) => n.startsWith('toil-'));
  const cacheDirs = (await readdir(join(workDir, workflowDir!))).filter((n) => n.startsWith('cache-'));
  if (cacheDirs.length === 0) return [];
  const files = join(workDir, workflowDir!, cacheDirs[0]!, 'files');
  return Promise.all((await readdir(files)).map(async (name) => (await stat(join(files, name))).ino));
}

describe('caching default on an aws: job store', () => {
  it('is on by default: every reader on the node gets the one cached copy, with the right bytes', async () => {
    const { seen, workDir, stderr } = await run([]);
    expect(stderr).toContain('Caching file store on: the job store is remote (aws:)');
    expect(seen.reads).toHaveLength(4);
    expect(new Set(seen.reads.map((r) => r.fileStore))).toEqual(new Set(['CachingFileStore']));
    expect(seen.reads.every((r) => r.sha === seen.writer.sha)).toBe(true);
    // One inode for every reader: the writer's own file, linked into the cache, never downloaded again.
    expect(new Set(seen.reads.map((r) => r.ino))).toEqual(new Set([seen.writer.ino]));
    expect(await cacheEntries(workDir)).toEqual([seen.writer.ino]);
  });

  it('is off with --disableCaching: readers download their own copies, with the right bytes', async () => {
    const { seen, workDir, stderr } = await run(['--disableCaching']);
    expect(stderr).toContain('Caching file store off: --disableCaching');
    expect(new Set(seen.reads.map((r) => r.fileStore))).toEqual(new Set(['FileStore']));
    expect(seen.reads.every((r) => r.sha === seen.writer.sha)).toBe(true);
    // Downloads of their own (a finished reader's temp file is gone, so inode numbers may be reused between them).
    expect(seen.reads.some((r) => r.ino === seen.writer.ino)).toBe(false);
    expect(await cacheEntries(workDir)).toEqual([]);
  });
});
