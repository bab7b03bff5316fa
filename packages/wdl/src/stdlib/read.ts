/**
 * Reading files: read_string/int/float/boolean/lines/tsv/map/json/object/objects, stdout, stderr. Synchronous,
 * because expressions are evaluated synchronously and these files are small task outputs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { WdlEvalError, type SourcePos } from '../errors.js';
import { jsonToValue } from '../types/json.js';
import { V, type WdlValue } from '../values.js';
import { arity, text } from './args.js';
import type { StdlibContext, StdlibTable } from './types.js';

/**
 * Path of a File argument, relative ones taken from the context's directory; a File or Directory this node lacks
 * is read from the copy the context's `localPath` hook gives (its job-store copy), when it gives one.
 */
export function filePath(fn: string, v: WdlValue, ctx: StdlibContext, pos: SourcePos): string {
  const p = text(fn, v, pos);
  // A URL (an http(s) File input) is not a relative path: without a job-store copy it is named as it is.
  const path = isAbsolute(p) || /^[a-z][a-z0-9+.-]*:\/\//i.test(p) ? p : join(ctx.cwd, p);
  if ((v.t === 'file' || v.t === 'dir') && ctx.localPath !== undefined && !existsSync(path))
    return ctx.localPath(v) ?? path;
  return path;
}

function read(fn: string, args: WdlValue[], ctx: StdlibContext, pos: SourcePos): string {
  arity(fn, args, 1, 1, pos);
  const path = filePath(fn, args[0], ctx, pos);
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    // A URL the runner could not import (no network, or no plugin for its scheme) has no copy to read.
    const why = /^[a-z][a-z0-9+.-]*:\/\//i.test(path)
      ? 'the URL could not be downloaded when the workflow started'
      : ((e as NodeJS.ErrnoException).code ?? String(e));
    throw new WdlEvalError(pos, `${fn}(): cannot read '${path}': ${why}`);
  }
}

/** Lines of a file without the final newline's empty line. */
function lines(content: string): string[] {
  if (content === '') return [];
  return content.replace(/\r?\n$/, '').split(/\r?\n/);
}

function rows(content: string): string[][] {
  return lines(content).map((l) => l.split('\t'));
}

function objectsOf(content: string, fn: string, pos: SourcePos): WdlValue[] {
  const [header, ...data] = rows(content);
  if (header === undefined) return [];
  return data.map((row) => {
    if (row.length !== header.length)
      throw new WdlEvalError(pos, `${fn}(): a row has ${row.length} fields, the header ${header.length}`);
    return V.object(header.map((k, i) => [k, V.string(row[i])]));
  });
}

function scalar(fn: string, s: string, pos: SourcePos, parse: (t: string) => WdlValue | undefined): WdlValue {
  // A one-line file whose first word is the value also counts: the spec's own examples read `wc -l <file>`'s
  // output ("3 /path/to/file") with read_int.
  const line = s.trim();
  const value = parse(line) ?? (/^\S+[ \t][^\n]*$/.test(line) ? parse(line.split(/[ \t]/)[0]) : undefined);
  if (value === undefined)
    throw new WdlEvalError(
      pos,
      `${fn}(): the file holds ${JSON.stringify(s.slice(0, 40))}, not a value of the right type`,
    );
  return value;
}

/** The reading functions. */
export const readFunctions: StdlibTable = {
  read_string: (a, c, p) => V.string(read('read_string', a, c, p).replace(/\r?\n$/, '')),
  read_int: (a, c, p) =>
    scalar('read_int', read('read_int', a, c, p), p, (t) => (/^[-+]?\d+$/.test(t) ? V.int(Number(t)) : undefined)),
  read_float: (a, c, p) =>
    scalar('read_float', read('read_float', a, c, p), p, (t) =>
      t !== '' && !isNaN(Number(t)) ? V.float(Number(t)) : undefined,
    ),
  read_boolean: (a, c, p) =>
    scalar('read_boolean', read('read_boolean', a, c, p), p, (t) =>
      /^(true|false)$/i.test(t) ? V.bool(t.toLowerCase() === 'true') : undefined,
    ),
  read_lines: (a, c, p) => V.array(lines(read('read_lines', a, c, p)).map(V.string)),
  read_tsv: (a, c, p) => V.array(rows(read('read_tsv', a, c, p)).map((r) => V.array(r.map(V.string)))),
  read_map: (a, c, p) => {
    const out: Array<[WdlValue, WdlValue]> = [];
    for (const r of rows(read('read_map', a, c, p))) {
      if (r.length !== 2)
        throw new WdlEvalError(p, `read_map(): each line needs two tab-separated fields, not ${r.length}`);
      out.push([V.string(r[0]), V.string(r[1])]);
    }
    return V.map(out);
  },
  read_json: (a, c, p) => {
    const content = read('read_json', a, c, p);
    try {
      return jsonToValue(JSON.parse(content));
    } catch (e) {
      throw new WdlEvalError(p, `read_json(): not JSON: ${(e as Error).message}`);
    }
  },
  read_object: (a, c, p) => {
    const objects = objectsOf(read('read_object', a, c, p), 'read_object', p);
    if (objects.length !== 1)
      throw new WdlEvalError(p, `read_object(): needs a header and exactly one row, not ${objects.length}`);
    return objects[0];
  },
  read_objects: (a, c, p) => V.array(objectsOf(read('read_objects', a, c, p), 'read_objects', p)),
  stdout: (a, c, p) => {
    arity('stdout', a, 0, 0, p);
    if (c.stdout === undefined) throw new WdlEvalError(p, 'stdout() is only available in a task output section');
    return V.file(c.stdout);
  },
  stderr: (a, c, p) => {
    arity('stderr', a, 0, 0, p);
    if (c.stderr === undefined) throw new WdlEvalError(p, 'stderr() is only available in a task output section');
    return V.file(c.stderr);
  },
};
