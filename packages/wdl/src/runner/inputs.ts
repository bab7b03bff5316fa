/**
 * The inputs of a run: a JSON file and/or `-i` (a file or inline JSON), keys `wf.name` (or `name`), merged in
 * order; relative File paths made absolute against the inputs file's directory (inline JSON: the working
 * directory), so tasks in their own directories still find them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { WdlInputError } from '../errors.js';

/** Reads the inputs given on the command line into one object keyed without the workflow's name. */
export function readInputs(sources: string[], prefix: string, cwd: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const source of sources) {
    const inline = source.trimStart().startsWith('{');
    let text = source;
    const base = inline ? cwd : dirname(resolve(cwd, source));
    if (!inline) {
      if (!existsSync(resolve(cwd, source)))
        throw new WdlInputError(
          `The inputs file '${source}' does not exist; give a JSON file or inline JSON ('{"wf.x": 1}')`,
        );
      text = readFileSync(resolve(cwd, source), 'utf8');
    }
    let json: unknown;
    try {
      json = text.trim() === '' ? {} : JSON.parse(text);
    } catch (e) {
      throw new WdlInputError(
        `The inputs ${inline ? 'given inline' : `file '${source}'`} are not JSON: ${(e as Error).message}`,
      );
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json))
      throw new WdlInputError(
        `The inputs ${inline ? 'given inline' : `file '${source}'`} must be a JSON object like {"${prefix}.x": 1}`,
      );
    for (const [key, value] of Object.entries(json)) {
      const name = key.startsWith(`${prefix}.`) ? key.slice(prefix.length + 1) : key;
      out[name] = absolutise(value, base);
    }
  }
  return out;
}

/** Strings that name existing relative paths become absolute (a JSON input does not say which strings are Files). */
function absolutise(value: unknown, base: string): unknown {
  if (typeof value === 'string') {
    if (value === '' || isAbsolute(value) || /^[a-z]+:\/\//.test(value)) return value;
    return existsSync(resolve(base, value)) ? resolve(base, value) : value;
  }
  if (Array.isArray(value)) return value.map((v) => absolutise(v, base));
  if (typeof value === 'object' && value !== null)
    // Keys too: a Map[File, X] input names its files in its keys.
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [absolutise(k, base), absolutise(v, base)]));
  return value;
}
