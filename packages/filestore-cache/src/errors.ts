import { ToilError } from '@toil/core';

/** The cache directory cannot be used safely (another user's, or open to others). */
export class CacheDirError extends ToilError {
  constructor(
    /** The cache directory. */
    readonly path: string,
    problem: string,
  ) {
    super(
      'CACHE_DIR_UNSAFE',
      `The file cache directory ${path} ${problem}. Remove it, or point --workDir at a directory of your own.`,
    );
  }
}

/** A file came out of the job store with another size than the store reports: it is not cached. */
export class CacheFetchError extends ToilError {
  constructor(
    /** The job-store file ID. */
    readonly fileId: string,
    expected: number,
    got: number,
  ) {
    super(
      'CACHE_FETCH_SIZE',
      `Reading file '${fileId}' into the node cache gave ${got} bytes where the job store has ${expected}; it was not cached. Retry the job; if it persists, check the job store.`,
      { userFacing: false },
    );
  }
}
