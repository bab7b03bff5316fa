import { describe, expect, it } from 'vitest';
import { WdlSyntaxError } from '../errors.js';
import { parseDocument } from './parse.js';

describe('parseDocument', () => {
  it('reads version, imports with aliases, structs, tasks and a workflow with positions', () => {
    const doc = parseDocument(
      [
        'version 1.1',
        'import "lib.wdl" as lib alias Point as P2',
        'struct Point { Int x\n Array[File]+? ys }',
        'task t {',
        '  input { String s = "a~{1 + 2}b\\t" Map[String, Pair[Int, Float]] m = {} }',
        '  command <<< echo ${HOME} ~{sep=", " xs} >>>',
        '  output { String out = read_string(stdout()) }',
        '  runtime { docker: "ubuntu:latest" cpu: 2 }',
        '  meta { author: "me", tags: ["a", 1, -2.5], nested: { ok: true } }',
        '}',
        'workflow w {',
        '  input { Int n }',
        '  scatter (i in range(n)) { call t as t2 { input: s = "x" } }',
        '  if (n > 1 && !false) { Int k = if n == 2 then 1 else 2 }',
        '  output { Array[String] o = t2.out }',
        '}',
      ].join('\n'),
      'w.wdl',
    );
    expect(doc.version).toBe('1.1');
    expect(doc.imports[0]).toMatchObject({ uri: 'lib.wdl', namespace: 'lib', aliases: [['Point', 'P2']] });
    expect(doc.structs[0].members[1].type).toEqual({
      kind: 'array',
      item: { kind: 'prim', name: 'File', optional: false },
      nonEmpty: true,
      optional: true,
    });
    const task = doc.tasks[0];
    expect(task.inputs.map((d) => d.name)).toEqual(['s', 'm']);
    const s = task.inputs[0].expr;
    expect(s?.kind === 'string' && s.parts[0]).toBe('a');
    expect(s?.kind === 'string' && s.parts[2]).toBe('b\t');
    expect(task.command.heredoc).toBe(true);
    expect(task.command.parts[0]).toBe(' echo ${HOME} ');
    const ph = task.command.parts[1];
    expect(typeof ph !== 'string' && Object.keys(ph.options)).toEqual(['sep']);
    expect(Object.keys(task.runtime)).toEqual(['docker', 'cpu']);
    expect(task.meta).toEqual({ author: 'me', tags: ['a', 1, -2.5], nested: { ok: true } });
    const wf = doc.workflow!;
    expect(wf.inputs?.map((d) => d.name)).toEqual(['n']);
    expect(wf.body.map((e) => e.kind)).toEqual(['scatter', 'conditional']);
    expect(wf.body[0].pos).toEqual({ file: 'w.wdl', line: 14, col: 3 });
  });

  it('keeps nested braces of a {} command as text and reads ${} placeholders there (draft-2)', () => {
    const doc = parseDocument('task t {\n String x\n command { if true; then { echo ${x}; }; fi }\n}', 'd2.wdl');
    expect(doc.version).toBe('draft-2');
    expect(doc.tasks[0].inputs.map((d) => d.name)).toEqual(['x']);
    const parts = doc.tasks[0].command.parts;
    expect(parts[0]).toBe(' if true; then { echo ');
    expect(typeof parts[1]).toBe('object');
    expect(parts[2]).toBe('; }; fi ');
  });

  it('gives operators their precedence and decodes escapes', () => {
    const doc = parseDocument(
      'version 1.0\nworkflow w { Int a = 1 + 2 * 3 - -4\n String e = "\\x41\\101\\u00e9\\"" }',
      'p.wdl',
    );
    const a = doc.workflow!.body[0];
    expect(a.kind === 'decl' && a.expr).toMatchObject({
      kind: 'binary',
      op: '-',
      left: { op: '+', right: { op: '*' } },
      right: { kind: 'unary', op: '-' },
    });
    const e = doc.workflow!.body[1];
    expect(e.kind === 'decl' && e.expr?.kind === 'string' && e.expr.parts).toEqual(['AAé"']);
  });

  it('reports a syntax error as file:line:col with a caret under the column', () => {
    let error: unknown;
    try {
      parseDocument('version 1.0\nworkflow w {\n  Int x = \n}', 'bad.wdl');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WdlSyntaxError);
    const lines = (error as Error).message.split('\n');
    expect(lines[0]).toMatch(/^bad\.wdl:4:1: syntax error at '\}'/);
    expect(lines[1]).toBe('  }');
    expect(lines[2]).toBe('  ^');
  });
});
