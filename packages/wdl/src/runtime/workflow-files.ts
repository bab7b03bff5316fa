/**
 * Workflow-level expressions (declarations in workflow bodies, call inputs, workflow outputs, task declarations
 * evaluated before the task runs) on a node that does not share the disk of the node that made their files.
 *
 * The standard library is synchronous (expressions are evaluated synchronously) while the file store reads
 * asynchronously. So the `localPath` hook that `read_*` and `size` call for a File or Directory whose path is not
 * on this node never waits: it answers from the copies fetched so far, or throws `NotLocalYet`, and
 * `withJobStoreFiles` reads that value's job-store copy into the job's directory and evaluates again from the
 * start. Only the files an expression really reads are fetched (a block may hold large Files that it only passes
 * on to tasks), and evaluation has no side effects but new `write_*` files, so evaluating again is safe.
 */
import { join } from 'node:path';
import type { FileStore } from '@toil/core';
import type { WdlValue } from '../values.js';
import { localiseFiles, storeFiles, type StoredDir, type StoredFile } from './files.js';

/** Thrown by the hook for a value this node lacks and has not fetched yet: the caller fetches it and retries. */
export class NotLocalYet extends Error {
  /** @param value The File or Directory to fetch from the job store. */
  constructor(readonly value: StoredFile | StoredDir) {
    super(`'${value.v}' is not on this node yet`);
  }
}

/** Key of a value's job-store copy (a File's ID, a Directory's listing of IDs). */
function copyKey(v: StoredFile | StoredDir): string | undefined {
  if (v.t === 'file') return v.id === undefined ? undefined : `file:${v.id}`;
  return v.listing === undefined ? undefined : `dir:${JSON.stringify(v.listing)}`;
}

/**
 * Evaluates `run` with a `localPath` hook for the standard library (`StdlibContext.localPath`): a File or
 * Directory whose path does not exist here (the hook is only asked then) is read from the job store into a folder
 * under `dir` and `run` starts again. Without a file store the hook is absent and paths are read as they are.
 */
export async function withJobStoreFiles<T>(
  fs: FileStore | undefined,
  dir: string,
  run: (localPath: ((v: StoredFile | StoredDir) => string | undefined) | undefined) => T,
): Promise<T> {
  if (fs === undefined) return run(undefined);
  const fetched = new Map<string, string>();
  const localPath = (v: StoredFile | StoredDir): string | undefined => {
    const key = copyKey(v);
    if (key === undefined) return undefined;
    const path = fetched.get(key);
    if (path === undefined) throw new NotLocalYet(v);
    return path;
  };
  for (;;) {
    try {
      return run(localPath);
    } catch (e) {
      if (!(e instanceof NotLocalYet)) throw e;
      // One folder per fetched value: two Files of the same base name must not overwrite each other.
      const [[, local]] = await localiseFiles(fs, [['v', e.value]], join(dir, String(fetched.size)));
      fetched.set(copyKey(e.value)!, (local as StoredFile | StoredDir).v);
    }
  }
}

/**
 * Writes the Files and Directories of several groups of bindings that exist here and have no job-store copy yet
 * (`write_*` results, paths named by workflow expressions) to the job store, each path once, so the jobs that get
 * these values can read them on any node.
 */
export async function storeGroups(fs: FileStore | undefined, groups: WdlValue[][]): Promise<WdlValue[][]> {
  if (fs === undefined) return groups;
  const tagged = groups.flatMap((g, i) => g.map((v, j): [string, WdlValue] => [`${i}.${j}`, v]));
  const stored = new Map(await storeFiles(fs, tagged));
  return groups.map((g, i) => g.map((_, j) => stored.get(`${i}.${j}`)!));
}
