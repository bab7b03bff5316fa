import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LoadError } from '../errors.js';
import { SharedFiles, type JobStore } from '../jobstore/jobstore.js';
import { registeredJobNames } from '../job/define.js';
import { bundleWorkflow, CORE_ENTRY_POINTS, type CoreExportNames, type WorkflowBundle } from './bundle.js';
import { userBundleCacheDir } from './cache-dir.js';
import { BundleHashMismatchError } from './errors.js';
import { bundleHash, importWorkflowModule, installCoreGlobal, loadWorkflowBundle } from './load.js';

/** What the job store records about the workflow's code (shared file `userModule.json`). */
export type UserModuleRecord =
  | { mode: 'bundle'; entry: string; hash: string; fileId: string; jobNames: string[] }
  | { mode: 'path'; entry: string; jobNames: string[] }
  | { mode: 'none'; jobNames: string[] };

/** Normalize a module given as a path or a file: URL to an absolute path. */
export function modulePath(module: string): string {
  return module.startsWith('file:') ? fileURLToPath(module) : resolve(module);
}

/** Names each entry point of this copy of @toil/core exports, for the bundle shim. */
export async function coreExportNames(): Promise<CoreExportNames> {
  const names: Record<string, string[]> = {};
  for (const entry of CORE_ENTRY_POINTS) {
    names[entry] = Object.keys(await import(entry)).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== 'default');
  }
  return names;
}

/**
 * Bundle a workflow module and load it in this process; returns the bundle and the module's exports. The bundle
 * file goes to `cacheDir`, by default this user's private cache under the temp dir (see userBundleCacheDir).
 */
export async function bundleAndLoad(
  entry: string,
  cacheDir: string = userBundleCacheDir(),
): Promise<{ bundle: WorkflowBundle; exports: Record<string, unknown> }> {
  const bundle = await bundleWorkflow(modulePath(entry), await coreExportNames());
  const exports = await loadWorkflowBundle(bundle.hash, () => bundle.code, cacheDir, bundle.entry);
  return { bundle, exports };
}

/**
 * Leader side: store the workflow's code in the job store so workers anywhere can load it (auto-deployment),
 * or record its path when `--disableAutoDeployment` (every worker must then see the same path).
 */
export async function deployWorkflow(
  store: JobStore,
  entry: string | undefined,
  options: { disableAutoDeployment: boolean; cacheDir: string },
): Promise<UserModuleRecord> {
  let record: UserModuleRecord;
  if (!entry) {
    record = { mode: 'none', jobNames: registeredJobNames() };
  } else if (options.disableAutoDeployment) {
    const path = modulePath(entry);
    if (/\.(c|m)?tsx?$/.test(path)) {
      throw new LoadError(
        `With --disableAutoDeployment the workflow module must be JavaScript that every worker can import, but ${path} is TypeScript. Compile it first, or drop --disableAutoDeployment.`,
      );
    }
    await installCoreGlobal();
    await importWorkflowModule(path);
    record = { mode: 'path', entry: path, jobNames: registeredJobNames() };
  } else {
    const { bundle } = await bundleAndLoad(entry, options.cacheDir);
    const fileId = await store.writeFileBytes(bundle.code, { basename: `workflow-${bundle.hash.slice(0, 16)}.mjs` });
    record = { mode: 'bundle', entry: bundle.entry, hash: bundle.hash, fileId, jobNames: registeredJobNames() };
  }
  await store.writeSharedFile(SharedFiles.userModule, JSON.stringify(record));
  return record;
}

/** Worker side: make sure the workflow's jobs are registered in this process (once per bundle). */
export async function ensureWorkflowLoaded(store: JobStore, cacheDir: string): Promise<UserModuleRecord> {
  const raw = await store.readSharedFile(SharedFiles.userModule);
  if (!raw)
    throw new LoadError(
      `The job store ${store.locator} holds no workflow module record (${SharedFiles.userModule}); was the workflow started?`,
    );
  const record = JSON.parse(raw.toString('utf8')) as UserModuleRecord;
  if (record.mode === 'bundle') {
    const code = async () => {
      // The job store copy is what a fresh cache is filled from: it must be the code the leader stored.
      const bytes = await store.readFileBytes(record.fileId);
      const actual = bundleHash(bytes);
      if (actual !== record.hash) throw new BundleHashMismatchError(store.locator, record.fileId, record.hash, actual);
      return bytes.toString('utf8');
    };
    await loadWorkflowBundle(record.hash, code, cacheDir, record.entry);
  } else if (record.mode === 'path') {
    await installCoreGlobal();
    await importWorkflowModule(record.entry);
  }
  return record;
}
