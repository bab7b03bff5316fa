import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CwlValidationError } from '../errors.js';
import { loadProcess } from './load.js';
import { parseYaml } from './read-yaml.js';

function write(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('loadProcess', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cwl-load-'));

  it('normalises map forms, type shortcuts, $import and SchemaDefRequirement names', () => {
    write(dir, 'types.yml', 'name: Pair\ntype: record\nfields:\n  left: int\n  right: string?\n');
    const tool = write(
      dir,
      'tool.cwl',
      [
        'cwlVersion: v1.2',
        'class: CommandLineTool',
        'requirements:',
        '  SchemaDefRequirement:',
        '    types: [{$import: types.yml}]',
        'baseCommand: echo',
        'inputs:',
        '  files: File[]?',
        '  pair: Pair',
        'outputs: {}',
      ].join('\n'),
    );
    const process = loadProcess(tool);
    expect(process.class).toBe('CommandLineTool');
    expect(process.baseCommand).toEqual(['echo']);
    expect(process.inputs.map((p) => p.id)).toEqual(['files', 'pair']);
    expect(process.inputs[0].type).toEqual(['null', { type: 'array', items: 'File', inputBinding: undefined }]);
    expect(process.inputs[1].type).toMatchObject({
      type: 'record',
      fields: [
        { name: 'left', type: 'int' },
        { name: 'right', type: ['null', 'string'] },
      ],
    });
  });

  it('picks #main (or the named fragment) out of a $graph and resolves step sources', () => {
    const packed = write(
      dir,
      'packed.cwl',
      JSON.stringify({
        cwlVersion: 'v1.2',
        $graph: [
          { id: '#echo', class: 'CommandLineTool', inputs: [{ id: '#echo/x', type: 'string' }], outputs: [] },
          {
            id: '#main',
            class: 'Workflow',
            inputs: [{ id: '#main/x', type: 'string' }],
            outputs: [{ id: '#main/o', type: 'Any', outputSource: '#main/s1/out' }],
            steps: [
              { id: '#main/s1', run: '#echo', in: [{ id: '#main/s1/x', source: '#main/x' }], out: ['#main/s1/out'] },
            ],
          },
        ],
      }),
    );
    const main = loadProcess(packed);
    expect(main.class).toBe('Workflow');
    expect(main.outputs[0].outputSource).toEqual(['s1/out']);
    expect(main.steps?.[0]).toMatchObject({ id: 's1', out: ['out'], in: [{ id: 'x', source: ['x'] }] });
    expect(main.steps?.[0].run.class).toBe('CommandLineTool');
    expect(loadProcess(`${packed}#echo`).inputs[0].id).toBe('x');
    expect(() => loadProcess(`${packed}#nope`)).toThrow(/no process '#nope' in the \$graph; it has #echo, #main/);
  });

  it('names file, line and column with an excerpt for a bad class', () => {
    const bad = write(dir, 'bad.cwl', 'cwlVersion: v1.2\nclass: CommandLineTol\ninputs: []\noutputs: []\n');
    let error: unknown;
    try {
      loadProcess(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CwlValidationError);
    expect((error as Error).message).toBe(
      `${bad}:2:8: 'class' must be CommandLineTool, ExpressionTool, Workflow or Operation, not "CommandLineTol"\n` +
        '  class: CommandLineTol\n         ^',
    );
  });

  it('refuses an unknown cwlVersion and a missing file in one line', () => {
    const old = write(dir, 'old.cwl', 'cwlVersion: draft-3\nclass: CommandLineTool\ninputs: []\noutputs: []\n');
    expect(() => loadProcess(old)).toThrow(`${old}:1:13: unsupported cwlVersion 'draft-3': use v1.0, v1.1 or v1.2`);
    expect(() => loadProcess(join(dir, 'missing.cwl'))).toThrow(
      `${join(dir, 'missing.cwl')}: cannot read the file (ENOENT)`,
    );
  });
});

describe('loadProcess: paths and lists written in requirements', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cwl-load-req-'));

  it('resolves InitialWorkDir File literals and dockerLoad against the document, flattens $import-ed type lists', () => {
    write(dir, 'types.yml', '- {name: A, type: record, fields: {x: int}}\n- {name: B, type: record, fields: {a: A}}\n');
    const tool = write(
      dir,
      'tool.cwl',
      [
        'cwlVersion: v1.2',
        'class: CommandLineTool',
        '$schemas: [onto.owl]',
        'requirements:',
        '  SchemaDefRequirement: {types: [{$import: types.yml}]}',
        '  InitialWorkDirRequirement: {listing: [{class: File, location: ../data/in.txt}]}',
        '  DockerRequirement: {dockerLoad: img.tar}',
        'baseCommand: "true"',
        'inputs: {b: "types.yml#B"}',
        'outputs: {}',
      ].join('\n'),
    );
    const process = loadProcess(tool);
    const req = (cls: string) => process.requirements.find((r) => r.class === cls) as Record<string, unknown>;
    const listing = req('InitialWorkDirRequirement').listing as Record<string, unknown>[];
    expect(listing[0]).toMatchObject({ path: join(dir, '../data/in.txt'), basename: 'in.txt' });
    expect(req('DockerRequirement').dockerLoad).toBe(join(dir, 'img.tar'));
    expect(process.schemas).toEqual([join(dir, 'onto.owl')]);
    expect(process.inputs[0].type).toMatchObject({
      type: 'record',
      fields: [{ name: 'a', type: { type: 'record', fields: [{ name: 'x', type: 'int' }] } }],
    });
  });
});

describe('parseYaml', () => {
  it('accepts flow lists continued at the indentation of their key, as PyYAML does', () => {
    expect(parseYaml('a:\n  args: [x, y,\n  z]\n  b: 1\n', 'f.yml')).toEqual({ a: { args: ['x', 'y', 'z'], b: 1 } });
  });

  it('reports a syntax error at its line and column', () => {
    expect(() => parseYaml('a: [1, 2\nb: 3\n', 'f.yml')).toThrow(/^f\.yml:\d+:\d+: /);
  });
});
