import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProcess } from '../loader/load.js';
import { buildCommandLine } from './cmdline.js';

describe('buildCommandLine', () => {
  it('orders by position then name, with prefixes, separate, itemSeparator, valueFrom and nested bindings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cwl-cmd-'));
    const file = join(dir, 'tool.cwl');
    writeFileSync(
      file,
      [
        'cwlVersion: v1.2',
        'class: CommandLineTool',
        'baseCommand: [tool, sub]',
        'arguments: [{valueFrom: first, position: -1}, $(inputs.n)]',
        'inputs:',
        '  flag: {type: boolean, inputBinding: {prefix: --flag, position: 2}}',
        '  off: {type: boolean, inputBinding: {prefix: --off, position: 2}}',
        '  n: {type: int, inputBinding: {prefix: -n, separate: false, position: 1}}',
        '  list: {type: "int[]", inputBinding: {prefix: -l, itemSeparator: ",", position: 1}}',
        '  empty: {type: "int[]", inputBinding: {prefix: -e, position: 1}}',
        '  each:',
        '    type: {type: array, items: string, inputBinding: {prefix: -x}}',
        '    inputBinding: {position: 3}',
        '  missing: {type: "string?", inputBinding: {prefix: -m, valueFrom: "never"}}',
        'outputs: []',
      ].join('\n'),
    );
    const tool = loadProcess(file);
    const inputs = { flag: true, off: false, n: 3, list: [1, 2], empty: [], each: ['a', 'b'], missing: null };
    const args = await buildCommandLine(tool, { sandbox: undefined, lib: [], inputs, runtime: {} });
    expect(args.map((a) => a.text)).toEqual([
      'tool',
      'sub',
      'first',
      '3',
      '-l',
      '1,2',
      '-n3',
      '--flag',
      '-x',
      'a',
      '-x',
      'b',
    ]);
  });
});
