/**
 * A document input's value from command-line text (`toil-cwl-runner wf.cwl --count 3 --reads a.bam`), typed by
 * the input's declared CWL type, as cwltool reads them: numbers checked, enums checked against their symbols, a
 * File or Directory a path relative to the working directory (or a URL), booleans as flags.
 */
import { resolve } from 'node:path';
import type { CwlType } from '../model.js';
import { describeType } from '../types/check.js';
import { UsageError } from './options.js';

/** A URL scheme (`http://`, `s3://`, `file://`): the value is a location, not a path. */
const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;

/** The type without its `null` branch: `int?` is `int`; a union of several other types stays a union. */
export function withoutNull(type: CwlType): CwlType {
  if (!Array.isArray(type)) return type;
  const rest = type.filter((branch) => branch !== 'null');
  return rest.length === 1 ? (rest[0] as CwlType) : rest;
}

/** True when `type` (optional or not) is a boolean, which is a flag on the command line. */
export function isBooleanType(type: CwlType): boolean {
  return withoutNull(type) === 'boolean';
}

/**
 * The value of `text` as `type`, a type that is not an array or record (the caller handles those). `flag` is the
 * option as typed (`--count`), for the message; relative paths resolve against `cwd`.
 */
export function valueFromText(text: string, type: CwlType, flag: string, cwd: string): unknown {
  const bare = withoutNull(type);
  if (Array.isArray(bare)) {
    // A union: the first branch the text converts to, in the order the document declares them (as CWL picks).
    for (const branch of bare) {
      try {
        return valueFromText(text, branch, flag, cwd);
      } catch {
        continue;
      }
    }
    throw new UsageError(`${flag} '${text}' is not ${describeType(bare)}; give a value of one of those types.`);
  }
  if (typeof bare === 'object') {
    if (bare.type === 'enum') {
      if (bare.symbols.includes(text)) return text;
      throw new UsageError(`${flag} '${text}' is not one of ${bare.symbols.join(', ')}.`);
    }
    // Arrays of arrays and arrays of records have no command-line form (cwltool has none either).
    throw new UsageError(
      `${flag} is ${describeType(bare)}, which cannot be given on the command line; use a job file.`,
    );
  }
  return scalar(text, bare, flag, cwd);
}

function scalar(text: string, name: string, flag: string, cwd: string): unknown {
  switch (name) {
    case 'int':
    case 'long': {
      const value = Number(text);
      if (/^[+-]?\d+$/.test(text) && Number.isSafeInteger(value)) return value;
      throw new UsageError(`${flag} '${text}' is not ${name === 'int' ? 'an int' : 'a long'}; give a whole number.`);
    }
    case 'float':
    case 'double': {
      const value = Number(text);
      if (text.trim() !== '' && Number.isFinite(value)) return value;
      throw new UsageError(`${flag} '${text}' is not a ${name}; give a number such as 0.5.`);
    }
    case 'boolean':
      if (text === 'true' || text === 'false') return text === 'true';
      throw new UsageError(`${flag} '${text}' is not a boolean; give ${flag} alone (true) or --no-${flag.slice(2)}.`);
    case 'File':
    case 'Directory':
      if (text === '') throw new UsageError(`${flag} needs a path to a ${name}.`);
      return URL_LIKE.test(text) ? { class: name, location: text } : { class: name, path: resolve(cwd, text) };
    case 'string':
    case 'Any':
      return text;
    default:
      throw new UsageError(`${flag} is ${name}, which cannot be given on the command line; use a job file.`);
  }
}
