/**
 * Source positions of loaded CWL values. The YAML tree is converted to plain objects once; each object (and each
 * of its keys) remembers where it came from, so a later check can say `file:line:col` with an excerpt.
 */
import { readFileSync } from 'node:fs';
import { CwlValidationError } from '../errors.js';

/** Where a value starts: a file path and a 1-based line and column. */
export interface SourcePos {
  /** The file the value was read from. */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  col: number;
}

const objectPos = new WeakMap<object, SourcePos>();
const keyPos = new WeakMap<object, Map<string, SourcePos>>();

/** Records where an object (a mapping or a list) was read from. */
export function setPos(value: object, pos: SourcePos): void {
  objectPos.set(value, pos);
}

/** Records where the value of `key` in `owner` was read from. */
export function setKeyPos(owner: object, key: string, pos: SourcePos): void {
  let map = keyPos.get(owner);
  if (map === undefined) keyPos.set(owner, (map = new Map()));
  map.set(key, pos);
}

/** The position of an object, or of one of its keys' values when `key` is given (falling back to the object). */
export function posOf(value: unknown, key?: string): SourcePos | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  return (key === undefined ? undefined : keyPos.get(value)?.get(key)) ?? objectPos.get(value);
}

/** Copies the recorded position of `from` to `to` (for objects rebuilt during normalisation). */
export function copyPos(from: unknown, to: object): void {
  const pos = posOf(from);
  if (pos !== undefined) objectPos.set(to, pos);
  if (typeof from === 'object' && from !== null) {
    const keys = keyPos.get(from);
    if (keys !== undefined) keyPos.set(to, keys);
  }
}

/** The source line at `pos` with a caret under its column. */
export function excerpt(pos: SourcePos): string {
  try {
    const line = readFileSync(pos.file, 'utf8').split('\n')[pos.line - 1] ?? '';
    return `  ${line}\n  ${' '.repeat(Math.max(0, pos.col - 1))}^`;
  } catch {
    return '';
  }
}

/** A validation error located at `value` (or its `key`), falling back to `file` when no position is known. */
export function invalidAt(value: unknown, message: string, file: string, key?: string): CwlValidationError {
  const pos = posOf(value, key);
  if (pos === undefined) return new CwlValidationError(file, message);
  return new CwlValidationError(`${pos.file}:${pos.line}:${pos.col}`, message, excerpt(pos));
}
