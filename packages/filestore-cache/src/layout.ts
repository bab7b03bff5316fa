import { createHash } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CacheDirError } from './errors.js';

/** The subdirectories of a cache, each one kind of state. */
const PARTS = ['files', 'tmp', 'locks', 'jobs'] as const;

/**
 * Where a node cache keeps what, under `<localWorkflowDir>/cache-<workflowId>` (0700, the user's own):
 * - `files/<key>`: complete cached files only. They appear by `rename` from `tmp/`, so a reader never sees half a
 *   file, whatever was killed when.
 * - `tmp/<owner>-<n>`: downloads in progress; a dead owner's are deleted when the cache is opened.
 * - `locks/<key>`: the process downloading a file now (its owner token), so other readers wait instead of
 *   downloading it again; `locks/admission` serialises eviction decisions.
 * - `jobs/<owner>-<n>.json`: one record per running job: its disk requirement and the cached files it uses,
 *   which eviction must keep.
 */
export class CacheLayout {
  private constructor(
    /** The cache's root directory. */
    readonly root: string,
  ) {}

  /** Create (or check) the cache directory of a workflow on this node. */
  static async open(localWorkflowDir: string, workflowId: string): Promise<CacheLayout> {
    const root = join(localWorkflowDir, `cache-${workflowId}`);
    await mkdir(root, { recursive: true, mode: 0o700 });
    const info = await stat(root);
    if (typeof process.getuid === 'function' && info.uid !== process.getuid())
      throw new CacheDirError(root, `belongs to user ${info.uid}, not to you`);
    if ((info.mode & 0o077) !== 0)
      throw new CacheDirError(root, `is open to other users (mode ${(info.mode & 0o777).toString(8)})`);
    for (const part of PARTS) await mkdir(join(root, part), { mode: 0o700 }).catch(ignoreExists);
    return new CacheLayout(root);
  }

  /** A file ID's key: IDs may hold slashes and be long, so the name is a hash of the ID. */
  key(fileId: string): string {
    return createHash('sha256').update(fileId).digest('hex').slice(0, 40);
  }

  /** The cached copy of a key. */
  entry(key: string): string {
    return join(this.root, 'files', key);
  }

  /** A subdirectory. */
  dir(part: (typeof PARTS)[number]): string {
    return join(this.root, part);
  }
}

function ignoreExists(error: NodeJS.ErrnoException): void {
  if (error.code !== 'EEXIST') throw error;
}
