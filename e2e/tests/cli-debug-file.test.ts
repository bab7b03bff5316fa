/**
 * `toil debug-file` on a kept job store: list every file (stdout and ./jobstore_files.txt), fetch files by glob on
 * the names the workflow gave them, fetch the whole store, and link instead of copy. It only reads the store.
 */
import { existsSync, lstatSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { errorLines, runToil, toilRun } from './helpers/cli.js';
import { snapshot } from './helpers/store.js';
import { tempDir } from './helpers/temp.js';

describe('toil debug-file', () => {
  let dir: string;
  let store: string;
  let before: Record<string, string> | undefined;

  beforeEach(async () => {
    dir = await tempDir();
    store = join(dir, 'js');
    const run = await toilRun('operate.ts', store, 'keepsFiles', [], ['--clean', 'never', '--logLevel', 'WARNING']);
    expect(run.code, run.stderr).toBe(0);
    before = await snapshot(store);
  });

  it('lists every file of the store on stdout and in ./jobstore_files.txt', async () => {
    const listed = await runToil(['debug-file', store, '--listFilesInJobStore'], { cwd: dir });
    expect(listed.code, listed.stderr).toBe(0);
    const lines = listed.stdout.trimEnd().split('\n');
    expect(lines).toEqual([...lines].sort());
    expect(lines).toContain('shared/config.json');
    expect(lines).toContain('shared/rootJobStoreID');
    for (const name of ['overview.txt', 'reads-1.bam', 'reads-2.bam'])
      expect(lines).toContainEqual(
        expect.stringMatching(new RegExp(`^files/[a-z0-9]{2}/f[a-z0-9]{12}-${name.replace('.', '\\.')}$`)),
      );
    expect(lines.some((l) => l.startsWith('tmp/'))).toBe(false);
    expect(readFileSync(join(dir, 'jobstore_files.txt'), 'utf8')).toBe(listed.stdout);
    expect(listed.stderr).toContain(`Listed ${lines.length} file(s) of file:${store} in ./jobstore_files.txt`);
  });

  it('fetches files by glob on their original names into --localFilePath', async () => {
    const out = join(dir, 'fetched');
    const fetched = await runToil(['debug-file', store, '--fetch', 'overview.txt', '*.bam', '--localFilePath', out]);
    expect(fetched.code, fetched.stderr).toBe(0);
    expect(fetched.stderr).toContain(`Copied 3 file(s) into ${out}`);
    for (const name of ['overview.txt', 'reads-1.bam', 'reads-2.bam'])
      expect(readFileSync(join(out, name), 'utf8')).toBe(`contents of ${name}`);
    expect(existsSync(join(out, 'config.json'))).toBe(false);

    const linked = join(dir, 'linked');
    const link = await runToil([
      'debug-file',
      store,
      '--fetch',
      'reads-1.*',
      '--localFilePath',
      linked,
      '--useSymlinks',
    ]);
    expect(link.stderr).toContain(`Linked 1 file(s) into ${linked}`);
    expect(lstatSync(join(linked, 'reads-1.bam')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(linked, 'reads-1.bam'))).toMatch(new RegExp(`^${store}/files/`));
    expect(await snapshot(store)).toEqual(before);
  });

  it('fetches the entire store keeping its layout', async () => {
    const out = join(dir, 'all');
    const result = await runToil(['debug-file', store, '--fetchEntireJobStore', '--localFilePath', out]);
    expect(result.code, result.stderr).toBe(0);
    const copy = await snapshot(out);
    expect(copy).toEqual(Object.fromEntries(Object.entries(before!).filter(([path]) => !path.startsWith('tmp/'))));
  });

  it('says what is missing in one line', async () => {
    const nothing = await runToil(['debug-file', store]);
    expect(nothing.code).toBe(1);
    expect(errorLines(nothing.stderr)).toEqual([
      'toil: Nothing to do: give --listFilesInJobStore, --fetch <patterns...> or --fetchEntireJobStore.',
    ]);
    const noDest = await runToil(['debug-file', store, '--fetch', '*.bam']);
    expect(errorLines(noDest.stderr)).toEqual([
      'toil: Fetching needs --localFilePath, the directory to copy the files into, e.g. --localFilePath ./fetched.',
    ]);
  });
});
