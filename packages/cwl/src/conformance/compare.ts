/**
 * cwltest's comparison of an expected output object with the runner's: `"Any"` matches anything, Files and
 * Directories by their own rules (the reported file must exist and match its size and checksum), objects key by
 * key (a key only the actual has must be null), lists in order, numbers numerically.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Undefined when `actual` matches `expected`, else what differs, with the path to it. */
export function compare(expected: unknown, actual: unknown, where = 'output'): string | undefined {
  if (expected === 'Any') return undefined;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      return `${where}: expected a list of ${expected.length}, got ${JSON.stringify(actual)}`;
    }
    for (let i = 0; i < expected.length; i++) {
      const diff = compare(expected[i], actual[i], `${where}[${i}]`);
      if (diff !== undefined) return diff;
    }
    return undefined;
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) {
      return `${where}: expected an object, got ${JSON.stringify(actual)}`;
    }
    const exp = expected as Record<string, unknown>;
    const act = actual as Record<string, unknown>;
    if (exp.class === 'File' || exp.class === 'Directory') return compareFile(exp, act, where);
    for (const key of Object.keys(exp)) {
      const diff = compare(exp[key], act[key] ?? null, `${where}.${key}`);
      if (diff !== undefined) return diff;
    }
    for (const key of Object.keys(act)) {
      if (!(key in exp) && act[key] !== null) return `${where}.${key}: unexpected ${JSON.stringify(act[key])}`;
    }
    return undefined;
  }
  if (typeof expected === 'number' && typeof actual === 'number') {
    return expected === actual ? undefined : `${where}: expected ${expected}, got ${actual}`;
  }
  return expected === actual
    ? undefined
    : `${where}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

function compareFile(exp: Record<string, unknown>, act: Record<string, unknown>, where: string): string | undefined {
  if (act.class !== exp.class) return `${where}: expected a ${String(exp.class)}, got ${JSON.stringify(act)}`;
  const reported = typeof act.path === 'string' ? act.path : typeof act.location === 'string' ? act.location : '';
  const path = reported.startsWith('file://') ? fileURLToPath(reported) : reported;
  if (path === '' || !existsSync(path))
    return `${where}: the reported ${String(exp.class)} '${reported}' does not exist`;
  for (const key of ['location', 'path'] as const) {
    const want = exp[key];
    if (typeof want === 'string' && want !== 'Any' && !String(act[key] ?? act.location).endsWith(`/${want}`)) {
      return `${where}.${key}: expected to end with '/${want}', got '${String(act[key] ?? act.location)}'`;
    }
  }
  if (exp.class === 'File') {
    const data = readFileSync(path);
    if (act.checksum !== undefined && act.checksum !== `sha1$${createHash('sha1').update(data).digest('hex')}`) {
      return `${where}.checksum: the reported checksum is not the file's`;
    }
    if (act.size !== undefined && act.size !== statSync(path).size)
      return `${where}.size: the reported size is not the file's`;
  }
  for (const key of Object.keys(exp)) {
    if (key === 'location' || key === 'path' || key === 'listing') continue;
    const diff = compare(exp[key], act[key] ?? null, `${where}.${key}`);
    if (diff !== undefined) return diff;
  }
  if (Array.isArray(exp.listing)) {
    if (!Array.isArray(act.listing)) return `${where}.listing: missing`;
    for (const [i, entry] of exp.listing.entries()) {
      if (!act.listing.some((candidate) => compare(entry, candidate) === undefined)) {
        return `${where}.listing[${i}]: no entry matches ${JSON.stringify(entry)}`;
      }
    }
  }
  return undefined;
}
