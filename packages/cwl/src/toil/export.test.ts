import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportOutputs } from './export.js';

// The exporter here copies from a folder standing in for the job store: each call is one export.
describe('exportOutputs', () => {
  it('exports a stored File reached by two outputs once, and a different file of the same name beside it', async () => {
    const store = mkdtempSync(join(tmpdir(), 'cwl-export-store-'));
    writeFileSync(join(store, 'id1'), 'one');
    writeFileSync(join(store, 'id2'), 'two');
    const calls: string[] = [];
    const exporter = (id: string, dest: string) => {
      calls.push(id);
      writeFileSync(dest, readFileSync(join(store, id)));
      return Promise.resolve();
    };
    const file = (id: string) => ({ class: 'File', location: `toilfile://${id}`, basename: 'blurb' });
    const outputs = { a: [file('id1')], b: [file('id1')], c: file('id2') };
    const outdir = mkdtempSync(join(tmpdir(), 'cwl-export-out-'));
    await exportOutputs(outputs, outdir, exporter);
    expect(calls).toEqual(['id1', 'id2']);
    expect(outputs.a[0]).toMatchObject({ path: join(outdir, 'blurb') });
    expect(outputs.b[0]).toMatchObject({ path: join(outdir, 'blurb') });
    expect(outputs.c).toMatchObject({ path: join(outdir, 'blurb_2') });
    expect(readFileSync(join(outdir, 'blurb_2'), 'utf8')).toBe('two');
  });
});
