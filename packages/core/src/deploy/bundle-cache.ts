import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ensurePrivateDir } from './cache-dir.js';
import { writeAtomically } from './write-atomically.js';

/**
 * Bundles kept across runs, so a leader that starts the same workflow module again does not run esbuild again
 * (over a second for a runner's module with its dependencies, against milliseconds for this check). An index
 * file per entry module and core shim (`index-<key>.json`) lists every file esbuild read with its sha256; the
 * bundle is reused only when each of them still has that content and the bundle file still hashes to the
 * recorded sha256. What is not content is not checked: a new file that would now shadow an import (a package
 * installed higher in node_modules) is not seen until one of the read files changes.
 *
 * The directory is the user's private bundle cache (0700, checked by ensurePrivateDir): the index names code this
 * process will import, so nobody else may write there. Caching is an optimisation, so a directory that fails the
 * check is not used (the bundle is built as before, and the loader reports the directory if it imports from it).
 */

/** Bump when the bundle options in bundle.ts change, so bundles built the old way are not reused. */
const BUNDLE_FORMAT = 1;

/** What an index file holds. */
interface BundleIndex {
  /** sha256 of the bundle's code, hex. */
  hash: string;
  /** Absolute path of every file esbuild read, with its sha256. */
  inputs: Record<string, string>;
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The index file of an entry module bundled with this core shim (its export names). */
function indexPath(dir: string, entry: string, shimKey: string): string {
  return join(dir, `index-${sha256(JSON.stringify([BUNDLE_FORMAT, entry, shimKey])).slice(0, 32)}.json`);
}

/**
 * The bundle file of a hash. Not the loader's `workflow-<hash>.mjs` (load.ts), which `toil run` imports from the
 * same folder: that file is checked and replaced by the loader, with its own warning, and this one by the index.
 */
function codePath(dir: string, hash: string): string {
  return join(dir, `built-${hash.slice(0, 16)}.mjs`);
}

/** Whether `dir` may be used: private to this user (created if missing). */
async function usable(dir: string): Promise<boolean> {
  return ensurePrivateDir(dir).then(
    () => true,
    () => false,
  );
}

/** The cached code of `entry` when every file it was built from is unchanged; undefined otherwise. */
export async function cachedBundleCode(
  dir: string,
  entry: string,
  shimKey: string,
): Promise<{ hash: string; code: string } | undefined> {
  if (!(await usable(dir))) return undefined;
  try {
    const index = JSON.parse(await readFile(indexPath(dir, entry, shimKey), 'utf8')) as BundleIndex;
    const current = await Promise.all(
      Object.entries(index.inputs).map(async ([path, hash]) => sha256(await readFile(path)) === hash),
    );
    if (current.includes(false)) return undefined;
    const code = await readFile(codePath(dir, index.hash), 'utf8');
    return sha256(code) === index.hash ? { hash: index.hash, code } : undefined;
  } catch {
    // No index yet, an input gone, a partly written or foreign file: bundle again (and rewrite the index).
    return undefined;
  }
}

/**
 * Remember a bundle of `entry`: its code and the sha256 of every input esbuild reported (`inputs`, relative to
 * `baseDir` as esbuild's metafile gives them; inputs of plugin namespaces, `namespace:path`, are the core shim,
 * covered by `shimKey`). Failures are ignored: the next run bundles again. The inputs are hashed after esbuild read
 * them, so a file edited during those milliseconds is recorded with its new content against the old bundle; the
 * next edit of any input, or a new entry module, rebuilds.
 */
export async function rememberBundle(
  dir: string,
  entry: string,
  shimKey: string,
  bundle: { hash: string; code: string },
  inputs: readonly string[],
  baseDir: string,
): Promise<void> {
  if (!(await usable(dir))) return;
  try {
    const files = inputs.filter((input) => !/^[\w-]+:/.test(input)).map((input) => resolve(baseDir, input));
    const hashes = await Promise.all(files.map(async (path) => [path, sha256(await readFile(path))] as const));
    const index: BundleIndex = { hash: bundle.hash, inputs: Object.fromEntries(hashes) };
    const path = indexPath(dir, entry, shimKey);
    const previous = await readFile(path, 'utf8').then(
      (text) => (JSON.parse(text) as BundleIndex).hash,
      () => undefined,
    );
    await writeAtomically(codePath(dir, bundle.hash), bundle.code);
    await writeAtomically(path, JSON.stringify(index));
    // The bundle this index named before is no longer reachable from it: without this, every edit of the module
    // would leave a whole bundle (megabytes, with its source map) behind in the cache.
    if (previous !== undefined && previous !== bundle.hash) await rm(codePath(dir, previous), { force: true });
  } catch {
    // A full or read-only cache only costs the next run a bundling.
  }
}
