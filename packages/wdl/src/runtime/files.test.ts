import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileStore, getDefaultConfig } from '@toil/core';
import { FileJobStore } from '@toil/jobstore-file';
import { V, type WdlValue } from '../values.js';
import { openBundle } from './bundle.js';
import { localiseFiles, storeFiles } from './files.js';
import { executeTask, prepareTask } from './task-run.js';

// A real file job store; two "nodes" are two folders that do not see each other's files: what one writes is gone
// (deleted) before the other reads, as on a batch system without a shared disk.
const dir = mkdtempSync(join(tmpdir(), 'wdl-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let stores = 0;

async function fileStore(): Promise<FileStore> {
  const locator = `file:${join(dir, `store${stores++}`)}`;
  const store = new FileJobStore(locator);
  await store.initialize({ ...getDefaultConfig(locator), workflowId: 'wdl-files-test' });
  return new FileStore(store, 'job-1', join(dir, 'tmp'));
}

describe('WDL files through the Toil file store', () => {
  it('writes Files and Directories nested in values to the job store and reads them back on another node', async () => {
    const fs = await fileStore();
    const nodeA = join(dir, 'a');
    mkdirSync(join(nodeA, 'out', 'sub'), { recursive: true });
    writeFileSync(join(nodeA, 'one.txt'), 'one\n');
    writeFileSync(join(nodeA, 'out', 'x.txt'), 'x\n');
    writeFileSync(join(nodeA, 'out', 'sub', 'y.txt'), 'y\n');
    const values: Array<[string, WdlValue]> = [
      ['f', V.file(join(nodeA, 'one.txt'))],
      ['pairs', V.array([V.pair(V.string('k'), V.file(join(nodeA, 'one.txt')))])],
      ['d', { t: 'dir', v: join(nodeA, 'out') }],
      ['missing', V.file(join(nodeA, 'never-written.txt'))],
    ];
    const stored = await storeFiles(fs, values);
    const f = stored[0][1] as Extract<WdlValue, { t: 'file' }>;
    expect(f.id).toMatch(/\S/);
    // The same path named twice is written once.
    expect(((stored[1][1] as { items: Array<{ right: { id: string } }> }).items[0].right as { id: string }).id).toBe(
      f.id,
    );
    const d = stored[2][1] as Extract<WdlValue, { t: 'dir' }>;
    expect(d.listing?.map(([rel]) => rel).sort()).toEqual(['sub/y.txt', 'x.txt']);
    expect(stored[3][1]).toEqual(values[3][1]);

    rmSync(nodeA, { recursive: true });
    const local = await localiseFiles(fs, stored, join(dir, 'b'));
    const lf = local[0][1] as Extract<WdlValue, { t: 'file' }>;
    expect(lf.v.startsWith(join(dir, 'b'))).toBe(true);
    expect(lf.v.endsWith('/one.txt')).toBe(true);
    expect(readFileSync(lf.v, 'utf8')).toBe('one\n');
    expect(lf.id).toBe(f.id);
    const ld = local[2][1] as Extract<WdlValue, { t: 'dir' }>;
    expect(readFileSync(join(ld.v, 'sub', 'y.txt'), 'utf8')).toBe('y\n');
    expect(readFileSync(join(ld.v, 'x.txt'), 'utf8')).toBe('x\n');
  });

  it('keeps siblings siblings and a File inside a Directory inside it when they come from the job store', async () => {
    const fs = await fileStore();
    const work = join(dir, 'task-work');
    for (const d of ['dir1/dir1', 'dir2']) mkdirSync(join(work, d), { recursive: true });
    for (const f of ['dir1/file.txt', 'dir1/dir1/file.txt', 'dir2/file.txt']) writeFileSync(join(work, f), f);
    // A stand-in for an imported URL's job-store copy.
    writeFileSync(join(dir, 'remote.txt'), 'remote');
    const remoteId = (await fs.writeGlobalFile(join(dir, 'remote.txt'))).id;
    const stored = await storeFiles(fs, [
      ['inner', V.file(join(work, 'dir1/dir1/file.txt'))],
      ['first', { t: 'dir', v: join(work, 'dir1') }],
      ['second', { t: 'dir', v: join(work, 'dir2') }],
      ['child', { t: 'dir', v: join(work, 'dir1/dir1') }],
      ['remote', { t: 'file', v: 'https://example.org/data/file.txt', id: remoteId }],
    ]);
    rmSync(work, { recursive: true });
    const local = Object.fromEntries(await localiseFiles(fs, stored, join(dir, 'node-b'))) as Record<
      string,
      { v: string }
    >;
    expect(dirname(local.first.v)).toBe(dirname(local.second.v));
    expect(dirname(local.inner.v)).toBe(local.child.v);
    expect(dirname(local.child.v)).toBe(local.first.v);
    expect(readFileSync(join(local.first.v, 'dir1', 'file.txt'), 'utf8')).toBe('dir1/dir1/file.txt');
    expect(readFileSync(join(local.second.v, 'file.txt'), 'utf8')).toBe('dir2/file.txt');
    // A URL has no place in the local tree: a numbered folder keeps its base name.
    expect(local.remote.v).toBe(join(dir, 'node-b', 'url', '0', 'file.txt'));
  });

  it('runs a task whose input exists only in the job store, and stores its output File there', async () => {
    const fs = await fileStore();
    const file = '/docs/count.wdl';
    const text = [
      'version 1.1',
      'task count {',
      '  input {',
      '    File words',
      '  }',
      '  command <<< wc -w < ~{words} > n.txt; cp ~{words} copy.txt >>>',
      '  output {',
      '    Int n = read_int("n.txt")',
      '    File copy = "copy.txt"',
      '  }',
      '}',
    ].join('\n');
    const ns = openBundle({ main: file, sources: { [file]: text } });
    const task = ns.doc.tasks[0];
    writeFileSync(join(dir, 'words.txt'), 'a b c d\n');
    const id = (await fs.writeGlobalFile(join(dir, 'words.txt'))).id;
    rmSync(join(dir, 'words.txt'));
    const lib = { cwd: dir, writeDir: join(dir, 'write'), version: '1.1' };
    const prepared = prepareTask(ns, task, new Map([['words', { t: 'file', v: join(dir, 'words.txt'), id }]]), lib);
    const outputs = await executeTask(ns, task, prepared, {
      workRoot: join(dir, 'work'),
      container: 'none',
      warn: () => {},
      fileStore: fs,
    });
    expect(outputs[0]).toEqual(['n', V.int(4)]);
    const copy = outputs[1][1] as Extract<WdlValue, { t: 'file' }>;
    expect(copy.id).toMatch(/\S/);
    expect(copy.id).not.toBe(id);
    expect(readFileSync(await fs.readGlobalFile(copy.id!, join(dir, 'copy-back.txt')), 'utf8')).toBe('a b c d\n');
  });
});
