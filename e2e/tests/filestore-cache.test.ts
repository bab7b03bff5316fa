/**
 * The caching file store through the real CLI on single_machine: `--disableCaching false` makes every job on the
 * node read the one cached copy of a file (the inode of the cache entry, which is the writer's own file, linked
 * into the cache), while the default (a file: store on the work dir's file system) and `--disableCaching` keep the
 * plain file store.
 */
import { mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorLines, fixture, stackFrames, toilRun } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

interface Seen {
  writer: { ino: number; sha: string };
  reads: { ino: number; sha: string; fileStore: string }[];
  mutable: { ino: number; sha: string; fileStore: string };
}

async function run(extra: string[]): Promise<{ seen: Seen; workDir: string }> {
  const dir = await tempDir();
  const workDir = join(dir, 'work');
  await mkdir(workDir, { mode: 0o700 });
  const result = await toilRun(
    'caching.ts',
    join(dir, 'js'),
    'shareFile',
    [4 * 2 ** 20, 6],
    ['--workDir', workDir, '--cleanWorkDir', 'never', '--maxCores', '4', '--logLevel', 'WARNING', ...extra],
  );
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return { seen: JSON.parse(result.stdout) as Seen, workDir };
}

/** Cache entries (inode numbers) left in the node's work dir. */
async function cacheEntries(workDir: string): Promise<number[]> {
  const [workflowDir] = (await readdir(workDir)).filter((n) => n.startsWith('toil-'));
  const cacheDirs = (await readdir(join(workDir, workflowDir!))).filter((n) => n.startsWith('cache-'));
  if (cacheDirs.length === 0) return [];
  const files = join(workDir, workflowDir!, cacheDirs[0]!, 'files');
  return Promise.all((await readdir(files)).map(async (name) => (await stat(join(files, name))).ino));
}

describe('caching file store through toil run', () => {
  it('with --disableCaching false, every read-only reader on the node gets the one cached copy', async () => {
    const { seen, workDir } = await run(['--disableCaching', 'false']);
    expect(seen.reads).toHaveLength(6);
    expect(new Set(seen.reads.map((r) => r.fileStore))).toEqual(new Set(['CachingFileStore']));
    expect(seen.reads.every((r) => r.sha === seen.writer.sha)).toBe(true);
    // One inode for all six jobs: the writer's own file, linked into the cache when it was written.
    expect(new Set(seen.reads.map((r) => r.ino))).toEqual(new Set([seen.writer.ino]));
    expect(await cacheEntries(workDir)).toEqual([seen.writer.ino]);
    // The mutable reader got a private copy with the same bytes, and its change reached no one.
    expect(seen.mutable.ino).not.toBe(seen.writer.ino);
    expect(seen.mutable.sha).toBe(seen.writer.sha);
  });

  it('by default and with --disableCaching, jobs use the plain file store and no cache is made', async () => {
    for (const extra of [[], ['--disableCaching']]) {
      const { seen, workDir } = await run(extra);
      expect(new Set(seen.reads.map((r) => r.fileStore))).toEqual(new Set(['FileStore']));
      expect(seen.reads.every((r) => r.sha === seen.writer.sha)).toBe(true);
      // Plain reads link the job store's copy, which is not the writer's file.
      expect(seen.reads.some((r) => r.ino === seen.writer.ino)).toBe(false);
      expect(await cacheEntries(workDir)).toEqual([]);
    }
  });

  it('is refused on a batch system that does not clean up its nodes, as in Toil, in one line', async () => {
    const dir = await tempDir();
    const env = { TOIL_PLUGINS: fixture('no-cleanup-batch.mjs') };
    const refused = await toilRun(
      'caching.ts',
      join(dir, 'js'),
      'shareFile',
      [1024, 1],
      ['--batchSystem', 'no_cleanup', '--disableCaching', 'false'],
      { env },
    );
    expect(refused.code).not.toBe(0);
    expect(errorLines(refused.stderr)).toEqual([
      "toil: The no_cleanup batch system does not clean up a node after the workflow's last job there, which the caching file store needs (its cache would stay on the nodes). Leave out --disableCaching false, or use single_machine.",
    ]);
    expect(stackFrames(refused.stderr)).toEqual([]);
    // The same batch system runs the workflow with the plain file store.
    const plain = await toilRun(
      'caching.ts',
      join(dir, 'js2'),
      'shareFile',
      [1024, 1],
      ['--batchSystem', 'no_cleanup'],
      {
        env,
      },
    );
    expect(plain.code).toBe(0);
    expect((JSON.parse(plain.stdout) as Seen).reads[0]!.fileStore).toBe('FileStore');
  });
});
