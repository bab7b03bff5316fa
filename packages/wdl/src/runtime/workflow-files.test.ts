import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileStore, getDefaultConfig } from '@toil/core';
import { FileJobStore } from '@toil/jobstore-file';
import { Env } from '../eval/env.js';
import { evalJson, evalWdl } from '../stdlib/test-helpers.js';
import { V, type WdlValue } from '../values.js';
import { storeFiles } from './files.js';
import { NotLocalYet, storeGroups, withJobStoreFiles } from './workflow-files.js';

// A real file job store. "Another node" is a folder the first one's files are not in: the local copies are deleted
// before the workflow-level expression reads them, as on a batch system without a shared disk.
const dir = mkdtempSync(join(tmpdir(), 'wdl-wf-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let stores = 0;
async function fileStore(): Promise<FileStore> {
  const locator = `file:${join(dir, `store${stores++}`)}`;
  const store = new FileJobStore(locator);
  await store.initialize({ ...getDefaultConfig(locator), workflowId: 'wdl-wf-files-test' });
  return new FileStore(store, 'job-1', join(dir, 'tmp'));
}

type FileValue = Extract<WdlValue, { t: 'file' }>;

describe('workflow-level file reads through the job store', () => {
  it('read_lines, read_string and size read a File whose local copy is gone from its job-store copy', async () => {
    const fs = await fileStore();
    const nodeA = join(dir, 'a');
    mkdirSync(join(nodeA, 'd'), { recursive: true });
    writeFileSync(join(nodeA, 'lines.txt'), 'one\ntwo\nthree\n');
    writeFileSync(join(nodeA, 'd', 'x.txt'), '12345');
    writeFileSync(join(nodeA, 'd', 'y.txt'), '123');
    const [[, f], [, d]] = await storeFiles(fs, [
      ['f', V.file(join(nodeA, 'lines.txt'))],
      ['d', { t: 'dir', v: join(nodeA, 'd') }],
    ]);
    rmSync(nodeA, { recursive: true });
    const env = new Env();
    env.bind('f', f);
    env.bind('d', d);
    // Without the hook the path is read as it is, and fails naming it.
    expect(() => evalWdl('read_lines(f)', { cwd: dir }, env)).toThrow(/cannot read '.*lines\.txt': ENOENT/);
    let runs = 0;
    const fetchTo = join(dir, 'fetched');
    const got = await withJobStoreFiles(fs, fetchTo, (localPath) => {
      runs++;
      return [
        evalJson('read_lines(f)', { cwd: dir, localPath }, env),
        evalJson('size(f)', { cwd: dir, localPath }, env),
        evalJson('read_string(f)', { cwd: dir, localPath }, env),
        evalJson('size(d)', { cwd: dir, localPath }, env),
      ];
    });
    expect(got).toEqual([['one', 'two', 'three'], 14, 'one\ntwo\nthree', 8]);
    // Evaluated once, again after fetching the File, again after fetching the Directory: each fetched once.
    expect(runs).toBe(3);
    expect(readFileSync(join(fetchTo, '0', 'abs', nodeA, 'lines.txt'), 'utf8')).toBe('one\ntwo\nthree\n');
    expect(readFileSync(join(fetchTo, '1', 'abs', nodeA, 'd', 'x.txt'), 'utf8')).toBe('12345');
  });

  it('a File with no job-store copy is read at its path, and a missing one fails naming it', async () => {
    const fs = await fileStore();
    const env = new Env();
    env.bind('f', V.file(join(dir, 'nowhere.txt')));
    await expect(
      withJobStoreFiles(fs, join(dir, 'f2'), (localPath) => evalJson('read_lines(f)', { cwd: dir, localPath }, env)),
    ).rejects.toThrow(/read_lines\(\): cannot read '.*nowhere\.txt': ENOENT/);
    // A URL input that could not be imported is named as given, not as a path under the working directory.
    env.bind('u', V.file('https://example.invalid/data.txt'));
    await expect(
      withJobStoreFiles(fs, join(dir, 'f2'), (localPath) => evalJson('read_lines(u)', { cwd: dir, localPath }, env)),
    ).rejects.toThrow(
      "read_lines(): cannot read 'https://example.invalid/data.txt': the URL could not be downloaded when the workflow",
    );
  });

  it('files written by write_* at workflow level are stored, so another node reads them', async () => {
    const fs = await fileStore();
    const nodeA = join(dir, 'writer');
    const written = evalWdl('write_lines(["a", "b"])', { cwd: dir, writeDir: nodeA }) as FileValue;
    const [[stored, same]] = await storeGroups(fs, [[written, written]]);
    expect((stored as FileValue).id).toMatch(/\S/);
    // The same path in one pass is written once.
    expect((same as FileValue).id).toBe((stored as FileValue).id);
    rmSync(nodeA, { recursive: true });
    expect(existsSync(written.v)).toBe(false);
    const env = new Env();
    env.bind('w', stored);
    const lines = await withJobStoreFiles(fs, join(dir, 'f3'), (localPath) =>
      evalJson('read_lines(w)', { cwd: dir, localPath }, env),
    );
    expect(lines).toEqual(['a', 'b']);
  });

  it('only NotLocalYet starts the evaluation again; other errors pass through at once', async () => {
    const fs = await fileStore();
    let runs = 0;
    await expect(
      withJobStoreFiles(fs, join(dir, 'f4'), () => {
        runs++;
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(runs).toBe(1);
    expect(new NotLocalYet(V.file('/x/y.txt') as FileValue).message).toBe("'/x/y.txt' is not on this node yet");
  });
});
