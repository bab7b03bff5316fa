import { pathToFileURL } from 'node:url';
import { LoadError, MissingPluginError } from '../errors.js';
import type { JobStore } from '../jobstore/jobstore.js';
import type { WorkflowConfig } from '../options/config.js';
import { resolvePackage } from '../plugins/registry.js';
import type { FileStore } from './filestore.js';

/**
 * Environment variable through which the leader tells workers, on every batch system, which module provides the
 * caching file store. It is set only when caching is on, so workers of a workflow without it never load it.
 */
export const FILESTORE_MODULE_ENV = 'TOIL_FILESTORE_MODULE';

/** The package of Toil's caching file store, loaded only when caching is on (see caching-default.ts). */
export const CACHING_FILESTORE_PACKAGE = '@toil/filestore-cache';

/** What a file store implementation gets for one job run. */
export interface FileStoreJob {
  /** The workflow's job store. */
  store: JobStore;
  /** The job being run. */
  jobId: string;
  /** The job's scratch directory (created on first use, removed when the job ends). */
  jobTempDir: string;
  /** The job's disk requirement in bytes: its cached reads and writes count against it, as in Toil. */
  disk: number;
  /** Writes a message to the job's log (what `ctx.log` does), for warnings such as disk over-use. */
  log(text: string, level?: 'INFO' | 'WARNING'): void;
}

/** Makes one file store per job run within a worker process. */
export interface FileStoreProvider {
  /** The file store for one job run; the worker calls its `flush()` before committing and `release()` after. */
  create(job: FileStoreJob): FileStore;
}

/** What a worker knows when it opens a file store implementation (once per process and workflow). */
export interface FileStoreRuntime {
  /** The workflow's job store. */
  store: JobStore;
  /** The workflow's options (`maxDisk`, `workflowId`, ...). */
  config: WorkflowConfig;
  /** This node's directory for the workflow (`<workDir>/toil-<workflowId>`), private to the user. */
  localWorkflowDir: string;
}

/** What the file store module exports as `fileStoreImplementation`. */
export interface FileStoreImplementation {
  /** Open the implementation's node-wide state for a workflow and return the per-job factory. */
  open(runtime: FileStoreRuntime): Promise<FileStoreProvider>;
}

/**
 * The worker's side of the decision the leader made (`decideCaching`): the leader sets FILESTORE_MODULE_ENV to
 * the module's URL when caching is on and to '' when it is off, so a worker follows the leader, whose default
 * depends on facts (the batch system, the file systems) a worker cannot see. An explicit `--disableCaching false`
 * is on even without the variable, so that a worker started some other way says what is missing.
 */
export function cachingEnabled(config: WorkflowConfig, env: NodeJS.ProcessEnv = process.env): boolean {
  if (config.disableCaching === true) return false;
  return config.disableCaching === false || Boolean(env[FILESTORE_MODULE_ENV]);
}

/** The URL of the caching file store module when it is installed where backend packages are found. */
export function findCachingFileStoreModule(): string | undefined {
  return resolvePackage(CACHING_FILESTORE_PACKAGE);
}

/**
 * The leader's side: the URL of the caching file store module, resolved where backend packages are (next to the
 * `toil` command), so that workers need not resolve packages themselves. MissingPluginError when not installed.
 */
export function cachingFileStoreModule(): string {
  const url = findCachingFileStoreModule();
  if (!url) throw new MissingPluginError('file store', 'caching (--disableCaching false)', CACHING_FILESTORE_PACKAGE);
  return url;
}

/** The worker's side: import the module the leader named and open its file store for this workflow. */
export async function openFileStoreProvider(moduleUrl: string, runtime: FileStoreRuntime): Promise<FileStoreProvider> {
  const url = moduleUrl.startsWith('file:') ? moduleUrl : pathToFileURL(moduleUrl).href;
  const module = (await import(url)) as { fileStoreImplementation?: Partial<FileStoreImplementation> };
  const implementation = module.fileStoreImplementation;
  if (typeof implementation?.open !== 'function')
    throw new LoadError(`The module ${moduleUrl} exports no 'fileStoreImplementation' with an open() function.`);
  return implementation.open(runtime);
}
