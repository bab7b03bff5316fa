/**
 * `@toil/filestore-cache`: Toil's caching file store. Core loads it in workers when a workflow runs with
 * `--disableCaching false`, through `fileStoreImplementation`.
 */
import type { FileStore, WorkflowConfig } from '@toil/core';
import type { JobStore } from '@toil/core/backend';
import { CachingFileStore, type CachingJob } from './caching-file-store.js';
import { NodeCache } from './node-cache.js';

export { CachingFileStore, type CachingJob } from './caching-file-store.js';
export { CacheDirError, CacheFetchError } from './errors.js';
export { NodeCache, type CacheHit, type RecoveryReport } from './node-cache.js';

/** What a worker passes when it opens the implementation (core's `FileStoreRuntime`). */
export interface CachingRuntime {
  /** The workflow's job store. */
  store: JobStore;
  /** The workflow's options: `workflowId` names the cache, `maxDisk` caps it. */
  config: WorkflowConfig;
  /** This node's directory for the workflow; the cache is `cache-<workflowId>` inside it. */
  localWorkflowDir: string;
}

/** The implementation core's worker opens once per process and workflow (see core's filestore/provider.ts). */
export const fileStoreImplementation = {
  /** Open this node's cache of the workflow and return the per-job factory. */
  async open(runtime: CachingRuntime): Promise<{ create(job: CachingJob): FileStore }> {
    const cache = await NodeCache.open(runtime.localWorkflowDir, runtime.config.workflowId, runtime.config.maxDisk);
    return { create: (job) => new CachingFileStore(cache, job) };
  },
};
