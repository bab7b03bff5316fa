import { ToilError } from '../errors.js';

/**
 * A directory Toil would import workflow code from (a bundle cache) that someone else could write to: owned by
 * another user, group/world-writable, or not a plain directory. Importing from it would run their code.
 */
export class UnsafeCacheDirError extends ToilError {
  /** @param problem What is wrong with it, e.g. `it has mode 0777 (owner uid 0)`. */
  constructor(
    readonly dir: string,
    problem: string,
    readonly uid: number,
  ) {
    super(
      'UNSAFE_CACHE_DIR',
      `The bundle cache directory ${dir} is unsafe: ${problem}, but Toil imports code from it, so it must belong to you (uid ${uid}) and not be writable by group or others. Remove it (rm -r '${dir}'), or set TMPDIR (or --workDir) to a directory of your own.`,
    );
  }
}

/**
 * The workflow bundle stored in the job store is not the code its sha256 says: it was changed after the leader stored
 * it.
 */
export class BundleHashMismatchError extends ToilError {
  constructor(
    readonly locator: string,
    readonly fileId: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      'BUNDLE_HASH_MISMATCH',
      `The workflow bundle in the job store ${locator} (file ${fileId}) has sha256 ${actual}, which does not match the sha256 recorded for it (${expected}): it was changed after the leader stored it, so it is not loaded. Run the workflow with --restart to store a fresh bundle.`,
    );
  }
}
