import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LoadError } from '../errors.js';
import { loadingWorkflowModule } from '../job/define.js';
import { createLogger } from '../log/logger.js';
import { CORE_ENTRY_POINTS, CORE_GLOBAL } from './bundle.js';
import { ensurePrivateDir } from './cache-dir.js';
import { writeAtomically } from './write-atomically.js';

const loaded = new Map<string, Promise<Record<string, unknown>>>();

/** Make this process's @toil/core entry points reachable for bundles (see the shim in bundle.ts). */
export async function installCoreGlobal(): Promise<void> {
  const g = globalThis as unknown as Record<symbol, unknown>;
  const key = Symbol.for(CORE_GLOBAL);
  if (g[key]) return;
  const entries: Record<string, unknown> = {};
  for (const entry of CORE_ENTRY_POINTS) entries[entry] = await import(entry);
  g[key] = entries;
}

/** sha256 of a bundle's code, hex: what bundles are named and checked by. */
export function bundleHash(code: string | Uint8Array): string {
  return createHash('sha256').update(code).digest('hex');
}

/**
 * Write a bundle to `cacheDir` (once per hash, atomically) and import it. Importing runs the module's
 * `defineJob` calls, which fill the job registry. Returns the module's exports.
 *
 * The cache holds code this process will run, so `cacheDir` must be private (see ensurePrivateDir) and a cached
 * file is imported only when its sha256 is `hash`; any other content is reported and replaced by `code()`,
 * which must itself hash to `hash`.
 */
export function loadWorkflowBundle(
  hash: string,
  code: () => Promise<string> | string,
  cacheDir: string,
  entry?: string,
): Promise<Record<string, unknown>> {
  let pending = loaded.get(hash);
  if (!pending) {
    pending = (async () => {
      await installCoreGlobal();
      await ensurePrivateDir(cacheDir);
      const path = join(cacheDir, `workflow-${hash.slice(0, 16)}.mjs`);
      const cached = await readFile(path).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      });
      const cachedHash = cached && bundleHash(cached);
      if (cachedHash !== hash) {
        if (cachedHash !== undefined) {
          createLogger('WARNING', 'toil.deploy').warn(
            `The cached workflow bundle ${path} does not match its sha256 (expected ${hash}, found ${cachedHash}): it was changed after it was written. Not importing it; replacing it with the real bundle.`,
          );
        }
        const text = await code();
        const actual = bundleHash(text);
        if (actual !== hash)
          throw new LoadError(
            `The workflow bundle for ${entry ?? path} has sha256 ${actual}, not the expected ${hash}; it is not loaded.`,
          );
        await writeAtomically(path, text);
      }
      // Between the check and the import only this user (or root) can change the file: the directory is private.
      return importWorkflowModule(path, entry);
    })();
    loaded.set(hash, pending);
    pending.catch(() => loaded.delete(hash));
  }
  return pending;
}

/**
 * Import a workflow module by path; errors thrown while it loads keep their message. `entry` names the user's
 * source file in that message when `path` is a bundle made from it.
 */
export async function importWorkflowModule(path: string, entry: string = path): Promise<Record<string, unknown>> {
  try {
    return await loadingWorkflowModule(async () => (await import(pathToFileURL(path).href)) as Record<string, unknown>);
  } catch (error) {
    throw new LoadError(`Loading the workflow module ${entry} failed: ${(error as Error).message}`, { cause: error });
  }
}
