import { lstatSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fetchFiles, matchFiles } from './fetch.js';
import { scratchCopy } from './scratch-copy.js';
import { listStoreFiles } from './store-files.js';

let root: string;
let work: string;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'toil-cli-debug-'));
  root = join(work, 'js');
  for (const dir of ['shared', 'files/ab', 'files/cd', 'jobs/xy/jobxy.files', 'tmp'])
    mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, 'shared/config.json'), '{}');
  writeFileSync(join(root, 'files/ab/fabcdefghijkl-reads.bam'), 'A');
  writeFileSync(join(root, 'files/cd/fmnopqrstuvwx-reads.bam'), 'B');
  writeFileSync(join(root, 'files/cd/f000000000000-overview.txt'), 'O');
  writeFileSync(join(root, 'jobs/xy/jobxy.json'), '{"id":"jobxy"}');
  writeFileSync(join(root, 'jobs/xy/jobxy.files/f111111111111'), 'no name');
  writeFileSync(join(root, 'tmp/half-written'), 'x');
});

afterEach(() => rm(work, { recursive: true, force: true }));

describe('debug-file store files', () => {
  it('lists every file but temps, sorted, with the names the workflow gave them', async () => {
    const files = await listStoreFiles(root);
    expect(files.map((f) => [f.relPath, f.originalName])).toEqual([
      ['files/ab/fabcdefghijkl-reads.bam', 'reads.bam'],
      ['files/cd/f000000000000-overview.txt', 'overview.txt'],
      ['files/cd/fmnopqrstuvwx-reads.bam', 'reads.bam'],
      ['jobs/xy/jobxy.files/f111111111111', 'f111111111111'],
      ['jobs/xy/jobxy.json', 'jobxy.json'],
      ['shared/config.json', 'config.json'],
    ]);
  });

  it('matches globs on original names, stored names and paths', async () => {
    const files = await listStoreFiles(root);
    const names = (patterns: string[]) => matchFiles(files, patterns).map((f) => f.relPath);
    expect(names(['overview.txt'])).toEqual(['files/cd/f000000000000-overview.txt']);
    expect(names(['*.bam'])).toHaveLength(2);
    expect(names(['jobs/**'])).toEqual(['jobs/xy/jobxy.files/f111111111111', 'jobs/xy/jobxy.json']);
    expect(names(['f111*'])).toEqual(['jobs/xy/jobxy.files/f111111111111']);
    expect(names(['nothing*'])).toEqual([]);
  });

  it('fetches under original names, keeping stored names where two share one', async () => {
    const files = matchFiles(await listStoreFiles(root), ['*.bam', 'overview.txt']);
    const dest = join(work, 'out');
    const written = await fetchFiles(files, dest, { keepTree: false, symlink: false });
    expect(written.map((p) => p.slice(dest.length + 1)).sort()).toEqual([
      'fabcdefghijkl-reads.bam',
      'fmnopqrstuvwx-reads.bam',
      'overview.txt',
    ]);
    expect(readFileSync(join(dest, 'overview.txt'), 'utf8')).toBe('O');
    const linked = await fetchFiles(files.slice(0, 1), join(work, 'links'), { keepTree: true, symlink: true });
    expect(linked).toEqual([join(work, 'links/files/ab/fabcdefghijkl-reads.bam')]);
    expect(lstatSync(linked[0]).isSymbolicLink()).toBe(true);
  });

  it('makes a scratch copy of hard links (no temps) whose writes leave the original alone', async () => {
    const copy = join(work, 'copy');
    expect(await scratchCopy(root, copy)).toEqual({ copied: 0 });
    const original = join(root, 'jobs/xy/jobxy.json');
    expect(statSync(join(copy, 'jobs/xy/jobxy.json')).ino).toBe(statSync(original).ino);
    expect((await listStoreFiles(copy)).map((f) => f.relPath)).toEqual(
      (await listStoreFiles(root)).map((f) => f.relPath),
    );
    expect(statSync(join(copy, 'tmp')).isDirectory()).toBe(true);
    // The store writes by temp + rename, which replaces the copy's link.
    await writeFile(join(copy, 'tmp/new'), '{"id":"changed"}');
    await rename(join(copy, 'tmp/new'), join(copy, 'jobs/xy/jobxy.json'));
    expect(readFileSync(original, 'utf8')).toBe('{"id":"jobxy"}');
  });
});
