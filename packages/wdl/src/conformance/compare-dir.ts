/**
 * The DataBiosphere rule for a Directory output: the runner reports a path, and the directory there must hold
 * exactly the expected listing (`{listing: [{type: File|Directory, basename, listing?}]}`), compared recursively
 * by type and base name in any order.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** One expected entry of a listing. */
interface Entry {
  readonly type?: string;
  readonly basename?: string;
  readonly listing?: Entry[];
}

/** Why the directory at `actual` (relative paths from `cwd`) differs from `expected`, or undefined. */
export function compareDirectory(expected: unknown, actual: unknown, where: string, cwd: string): string | undefined {
  const path = typeof actual === 'string' ? resolve(cwd, actual) : undefined;
  if (path === undefined || !existsSync(path) || !statSync(path).isDirectory())
    return `${where}: the output directory ${JSON.stringify(actual)} does not exist`;
  const listing = (expected as Entry | null)?.listing;
  return listing === undefined ? undefined : compareListing(listing, path, where);
}

function compareListing(expected: Entry[], dir: string, where: string): string | undefined {
  const names = readdirSync(dir).sort();
  if (names.length !== expected.length)
    return `${where}: ${dir} holds ${JSON.stringify(names)}, expected ${expected.length} entries`;
  for (const entry of expected) {
    const path = join(dir, entry.basename ?? '');
    const isDir = existsSync(path) && statSync(path).isDirectory();
    if (!existsSync(path) || isDir !== (entry.type === 'Directory'))
      return `${where}: ${dir} lacks the ${entry.type ?? 'entry'} ${JSON.stringify(entry.basename)}`;
    if (isDir && entry.listing !== undefined) {
      const m = compareListing(entry.listing, path, `${where}/${entry.basename}`);
      if (m) return m;
    }
  }
  return undefined;
}
