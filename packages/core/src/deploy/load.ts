import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LoadError } from '../errors.js';
import { loadingWorkflowModule } from '../job/define.js';
import { CORE_GLOBAL, CORE_PACKAGE } from './bundle.js';

const loaded = new Map<string, Promise<Record<string, unknown>>>();

/** Make this process's @toil/core reachable for bundles (see the shim in bundle.ts). */
export async function installCoreGlobal(): Promise<void> {
  const g = globalThis as unknown as Record<symbol, unknown>;
  const key = Symbol.for(CORE_GLOBAL);
  if (!g[key]) g[key] = await import(CORE_PACKAGE);
}

/**
 * Write a bundle to `cacheDir` (once per hash, atomically) and import it. Importing runs the module's
 * `defineJob` calls, which fill the job registry. Returns the module's exports.
 */
export function loadWorkflowBundle(hash: string, code: () => Promise<string> | string, cacheDir: string, entry?: string): Promise<Record<string, unknown>> {
  let pending = loaded.get(hash);
  if (!pending) {
    pending = (async () => {
      await installCoreGlobal();
      const path = join(cacheDir, `workflow-${hash.slice(0, 16)}.mjs`);
      if (!existsSync(path)) {
        await mkdir(cacheDir, { recursive: true });
        const temp = `${path}.${process.pid}.tmp`;
        await writeFile(temp, await code());
        await rename(temp, path);
      }
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
