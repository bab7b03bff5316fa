/**
 * Writing files: write_lines/tsv/map/json/object/objects create a new file in the context's `writeDir`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WdlEvalError, type SourcePos } from '../errors.js';
import { pythonJson, WdlJsonKeyError } from './json-text.js';
import { primitiveText, V, type WdlValue } from '../values.js';
import { arity, items, text } from './args.js';
import type { StdlibContext, StdlibTable } from './types.js';

let counter = 0;

function write(fn: string, ctx: StdlibContext, content: string): WdlValue {
  mkdirSync(ctx.writeDir, { recursive: true, mode: 0o700 });
  const path = join(
    ctx.writeDir,
    `${fn}_${process.pid}_${Date.now()}_${counter++}.${fn === 'write_json' ? 'json' : 'txt'}`,
  );
  writeFileSync(path, content);
  return V.file(path);
}

function field(fn: string, v: WdlValue, pos: SourcePos): string {
  const t = text(fn, v, pos);
  if (/[\t\n]/.test(t)) throw new WdlEvalError(pos, `${fn}(): the value ${JSON.stringify(t)} holds a tab or newline`);
  return t;
}

function objectRows(fn: string, objects: WdlValue[], pos: SourcePos): string {
  if (objects.length === 0) return '';
  const keys = objects[0].t === 'object' ? objects[0].members.map(([k]) => k) : [];
  const body = objects.map((o) => {
    if (o.t !== 'object') throw new WdlEvalError(pos, `${fn}() needs Objects`);
    return o.members.map(([, v]) => field(fn, v, pos)).join('\t');
  });
  return [keys.join('\t'), ...body].join('\n') + '\n';
}

/** The writing functions. */
export const writeFunctions: StdlibTable = {
  write_lines: (a, c, p) => {
    arity('write_lines', a, 1, 1, p);
    return write(
      'write_lines',
      c,
      items('write_lines', a[0], p)
        .map((x) => text('write_lines', x, p) + '\n')
        .join(''),
    );
  },
  write_tsv: (a, c, p) => {
    arity('write_tsv', a, 1, 1, p);
    const rows = items('write_tsv', a[0], p).map((r) =>
      items('write_tsv', r, p)
        .map((x) => field('write_tsv', x, p))
        .join('\t'),
    );
    return write('write_tsv', c, rows.map((r) => r + '\n').join(''));
  },
  write_map: (a, c, p) => {
    arity('write_map', a, 1, 1, p);
    const m = a[0];
    const entries =
      m.t === 'map'
        ? m.entries
        : m.t === 'object'
          ? m.members.map(([k, v]): [WdlValue, WdlValue] => [V.string(k), v])
          : [];
    return write(
      'write_map',
      c,
      entries.map(([k, v]) => `${field('write_map', k, p)}\t${field('write_map', v, p)}\n`).join(''),
    );
  },
  write_json: (a, c, p) => {
    arity('write_json', a, 1, 1, p);
    let text: string;
    try {
      text = pythonJson(a[0]);
    } catch (e) {
      if (!(e instanceof WdlJsonKeyError)) throw e;
      throw new WdlEvalError(p, `write_json(): ${e.message}: only Map[String, X] can be written as JSON`);
    }
    return write('write_json', c, text);
  },
  write_object: (a, c, p) => (
    arity('write_object', a, 1, 1, p),
    write('write_object', c, objectRows('write_object', [a[0]], p))
  ),
  write_objects: (a, c, p) => {
    arity('write_objects', a, 1, 1, p);
    return write('write_objects', c, objectRows('write_objects', items('write_objects', a[0], p), p));
  },
};

/** Text of a value for write_lines and friends (exported for tests). */
export const fieldText = (v: WdlValue): string | undefined => primitiveText(v);
