/**
 * `@toil/filestore-cache`: Toil's caching file store. Core loads it in workers when a workflow runs with
 * `--disableCaching false`, through `fileStoreImplementation`.
 */
import type { FileStoreImplementation } from '@toil/core/backend';
import { CachingFileStore } from './caching-file-store.js';
import { NodeCache } from './node-cache.js';

export { CachingFileStore } from './caching-file-store.js';
export { CacheDirError, CacheFetchError } from './errors.js';
export { NodeCache, type CacheHit, type RecoveryReport } from './node-cache.js';

/**
 * The implementation core's worker opens once per process and workflow: the node's cache of the workflow
 * (`cache-<workflowId>` in its node-local directory, capped by `--maxDisk`), and a CachingFileStore per job.
 */
export const fileStoreImplementation: FileStoreImplementation = {
  async open(runtime) {
    const cache = await NodeCache.open(runtime.localWorkflowDir, runtime.config.workflowId, runtime.config.maxDisk);
    return { create: (job) => new CachingFileStore(cache, job) };
  },
};
