import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Toil } from '@toil/core';
import { V, type WdlValue } from '../values.js';
import { exportOutputs, importInputs } from './transfer.js';

// A real Toil (file job store) imports from the local disk and from a real HTTP server on 127.0.0.1, and exports
// into an output directory.
const dir = mkdtempSync(join(tmpdir(), 'wdl-transfer-'));
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    res.writeHead(req.url === '/data/remote.txt' ? 200 : 404);
    res.end(req.url === '/data/remote.txt' ? 'from the web\n' : 'no');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('input import and output export', () => {
  it('imports local and http(s) Files and a Directory, then exports them by name into the output directory', async () => {
    const toil = await Toil.open({ jobStore: join(dir, 'js'), workflowModule: import.meta.url, logLevel: 'ERROR' });
    try {
      writeFileSync(join(dir, 'local.txt'), 'local\n');
      mkdirSync(join(dir, 'tree', 'deep'), { recursive: true });
      writeFileSync(join(dir, 'tree', 'deep', 'local.txt'), 'deep\n');
      const inputs: Array<[string, WdlValue]> = [
        ['a', V.file(join(dir, 'local.txt'))],
        ['b', V.array([V.file(`${base}/data/remote.txt`), V.file(join(dir, 'not-there.txt'))])],
        ['c', { t: 'dir', v: join(dir, 'tree') }],
        ['d', V.file(`${base}/data/missing.txt`)],
      ];
      const imported = await importInputs(toil, inputs);
      const a = imported[0][1] as Extract<WdlValue, { t: 'file' }>;
      const [remote, absent] = (imported[1][1] as Extract<WdlValue, { t: 'array' }>).items as Array<
        Extract<WdlValue, { t: 'file' }>
      >;
      expect(a.id).toMatch(/\S/);
      expect(remote).toMatchObject({ v: `${base}/data/remote.txt`, id: expect.stringMatching(/\S/) as string });
      // What cannot be imported is left as it was: the run fails where the document reads it.
      expect(absent).toEqual(inputs[1][1].t === 'array' ? inputs[1][1].items[1] : undefined);
      expect(imported[3][1]).toEqual(inputs[3][1]);
      expect((imported[2][1] as Extract<WdlValue, { t: 'dir' }>).listing?.map(([rel]) => rel)).toEqual([
        'deep/local.txt',
      ]);

      // The sources change after the import: the export must come from the job store.
      writeFileSync(join(dir, 'local.txt'), 'changed\n');
      const out = join(dir, 'out');
      const exported = await exportOutputs(toil, [imported[0], imported[1], imported[2]], out);
      expect(exported[0][1]).toMatchObject({ v: join(out, 'local.txt') });
      expect(readFileSync(join(out, 'local.txt'), 'utf8')).toBe('local\n');
      expect((exported[1][1] as Extract<WdlValue, { t: 'array' }>).items[0]).toMatchObject({
        v: join(out, 'remote.txt'),
      });
      expect(readFileSync(join(out, 'remote.txt'), 'utf8')).toBe('from the web\n');
      expect(exported[2][1]).toMatchObject({ v: join(out, 'tree') });
      expect(readFileSync(join(out, 'tree', 'deep', 'local.txt'), 'utf8')).toBe('deep\n');
      expect(statSync(out).mode & 0o777).toBe(0o700);

      // A second export of a same-named file goes to a numbered folder instead of overwriting the first.
      const again = await exportOutputs(toil, [imported[0]], out);
      expect(again[0][1]).toMatchObject({ v: join(out, '1', 'local.txt') });
    } finally {
      await toil.close();
    }
  });
});
