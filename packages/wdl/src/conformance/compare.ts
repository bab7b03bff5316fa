/**
 * The conformance suites' comparison rules (shared/conformance/README.md): DataBiosphere compares each output by
 * its declared type (File by regex or md5sum of its content), the spec examples compare JSON with absolute
 * output paths reduced to their basenames.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, isAbsolute, resolve } from 'node:path';
import { compareDirectory } from './compare-dir.js';

/** Why two values differ, or undefined when they match. */
export type Mismatch = string | undefined;

/** A type as the DataBiosphere suite writes it: WDL type text, or an Object's members and their types. */
export type SuiteType = string | { [member: string]: SuiteType };

/**
 * DataBiosphere: `expected` is the suite's value for an output of WDL type `type`; relative File paths are taken
 * from `cwd`, the runner's working directory.
 */
export function compareTyped(type: SuiteType, expected: unknown, actual: unknown, where: string, cwd = '.'): Mismatch {
  if (typeof type === 'object' && type !== null) return compareMembers(type, expected, actual, where, cwd);
  if (typeof type !== 'string') return compareLoose(expected, actual, where);
  const t = type.replace(/\s+/g, '').replace(/\?$/, '');
  if (expected === null || expected === undefined)
    return actual === null || actual === undefined ? undefined : `${where}: expected null, got ${show(actual)}`;
  if (t === 'File') return compareFile(expected, actual, where, cwd);
  if (t === 'Directory') return compareDirectory(expected, actual, where, cwd);
  const inner = /^(\w+)\[(.*)\]\+?$/.exec(t);
  if (inner?.[1] === 'Array') {
    if (!Array.isArray(expected) || !Array.isArray(actual) || expected.length !== actual.length)
      return `${where}: expected ${show(expected)}, got ${show(actual)}`;
    for (const [i, e] of expected.entries()) {
      const m = compareTyped(inner[2], e, actual[i], `${where}[${i}]`, cwd);
      if (m) return m;
    }
    return undefined;
  }
  if (inner?.[1] === 'Map') {
    const [kt, vt] = splitTop(inner[2]);
    const e = Object.entries(expected as object);
    const a = Object.entries((actual ?? {}) as object);
    if (e.length !== a.length) return `${where}: expected ${show(expected)}, got ${show(actual)}`;
    for (const [i, [k, v]] of e.entries()) {
      // Keys compare as strings: JSON object keys are strings whatever the WDL key type.
      const m =
        compareTyped(kt === 'File' ? 'String' : 'String', String(k), String(a[i][0]), `${where}.key`) ??
        compareTyped(vt, v, a[i][1], `${where}[${k}]`, cwd);
      if (m) return m;
    }
    return undefined;
  }
  if (inner?.[1] === 'Pair') {
    const [lt, rt] = splitTop(inner[2]);
    const e = expected as { left: unknown; right: unknown };
    const a = (actual ?? {}) as { left: unknown; right: unknown };
    return (
      compareTyped(lt, e.left, a.left, `${where}.left`, cwd) ??
      compareTyped(rt, e.right, a.right, `${where}.right`, cwd)
    );
  }
  if (t === 'Int' || t === 'Float')
    return Number(expected) === Number(actual) && actual !== null
      ? undefined
      : `${where}: expected ${show(expected)}, got ${show(actual)}`;
  if (t === 'Boolean' || t === 'String')
    return expected === actual ? undefined : `${where}: expected ${show(expected)}, got ${show(actual)}`;
  // Struct, Object: by the expected keys.
  return compareLoose(expected, actual, where);
}

/** An Object or struct output whose type the suite gives member by member (`{a: Int, f: File}`). */
function compareMembers(
  types: { [member: string]: SuiteType },
  expected: unknown,
  actual: unknown,
  where: string,
  cwd: string,
): Mismatch {
  if (typeof actual !== 'object' || actual === null) return `${where}: expected an object, got ${show(actual)}`;
  const a = actual as Record<string, unknown>;
  const e = (expected ?? {}) as Record<string, unknown>;
  for (const [name, type] of Object.entries(types)) {
    const m = compareTyped(type, e[name], a[name], `${where}.${name}`, cwd);
    if (m) return m;
  }
  return undefined;
}

/** A File output: relative paths are the runner's, so they are taken from its working directory `cwd`. */
function compareFile(expected: unknown, actual: unknown, where: string, cwd: string): Mismatch {
  const path = typeof actual === 'string' ? resolve(cwd, actual) : undefined;
  if (path === undefined || !existsSync(path) || !statSync(path).isFile())
    return `${where}: the output file ${show(actual)} does not exist`;
  const e = expected as { regex?: string; md5sum?: string };
  const content = readFileSync(path);
  if (e.md5sum !== undefined) {
    const sum = createHash('md5').update(content).digest('hex');
    return sum === e.md5sum ? undefined : `${where}: md5 ${sum}, expected ${e.md5sum}`;
  }
  if (e.regex !== undefined) {
    // The suite's checker is Python's re.search, whose `$` also matches before a final newline.
    const text = content.toString('utf8');
    const re = new RegExp(e.regex);
    return re.test(text) || re.test(text.replace(/\n$/, ''))
      ? undefined
      : `${where}: content does not match /${e.regex}/`;
  }
  return undefined;
}

/** Spec examples: deep equality, numbers by value, absolute paths by basename, objects by the expected keys. */
export function compareLoose(expected: unknown, actual: unknown, where: string): Mismatch {
  if (typeof expected === 'number' || typeof actual === 'number')
    return Number(expected) === Number(actual) && actual !== null && expected !== null
      ? undefined
      : `${where}: expected ${show(expected)}, got ${show(actual)}`;
  if (typeof actual === 'string' && typeof expected === 'string') {
    const a = isAbsolute(actual) && !isAbsolute(expected) && existsSync(actual) ? basename(actual) : actual;
    return a === expected || actual === expected
      ? undefined
      : `${where}: expected ${show(expected)}, got ${show(actual)}`;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length)
      return `${where}: expected ${show(expected)}, got ${show(actual)}`;
    for (const [i, e] of expected.entries()) {
      const m = compareLoose(e, actual[i], `${where}[${i}]`);
      if (m) return m;
    }
    return undefined;
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null)
      return `${where}: expected ${show(expected)}, got ${show(actual)}`;
    for (const [k, v] of Object.entries(expected)) {
      const m = compareLoose(v, (actual as Record<string, unknown>)[k], `${where}.${k}`);
      if (m) return m;
    }
    return undefined;
  }
  return expected === actual ? undefined : `${where}: expected ${show(expected)}, got ${show(actual)}`;
}

/** Splits `A,B` at the top-level comma of a type's parameters. */
function splitTop(params: string): [string, string] {
  let depth = 0;
  for (let i = 0; i < params.length; i++) {
    if (params[i] === '[') depth++;
    else if (params[i] === ']') depth--;
    else if (params[i] === ',' && depth === 0) return [params.slice(0, i), params.slice(i + 1)];
  }
  return [params, ''];
}

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? 'nothing' : s.length > 120 ? s.slice(0, 117) + '...' : s;
}
