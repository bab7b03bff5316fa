import { basename as pathBasename, join } from 'node:path';
import { InvalidValueError } from '@toil/core';
import { SHARED_FILE_NAME, randomId } from '@toil/core/backend';

/**
 * Directory layout of a file job store:
 *
 * ```
 * <root>/shared/<name>                       shared files, including config.json
 * <root>/jobs/<shard>/<jobId>.json          job descriptions
 * <root>/jobs/<shard>/<jobId>.files/<name>   files owned by the job (deleted with it; created on demand)
 * <root>/files/<shard>/<name>                files without an owner
 * <root>/stats/<blob>, stats/read/<blob>     the stats-and-logging channel (unread, read; stats/bad/ holds blobs
 *                                            a reader rejected as malformed)
 * <root>/tmp/                                temp files, renamed into place when complete
 * ```
 *
 * Shards (two characters of a random ID) keep directories small with 100,000s of jobs, as Toil's own store does.
 * A job is a file, not a directory: creating and deleting directories costs several times more than files, and
 * most jobs own no files. File IDs are the file's path relative to the root, so mapping an ID to a path needs no
 * lookup.
 */

/** Top-level entries a store creates; `destroy` removes only these from a directory that holds no config. */
export const LAYOUT_ENTRIES: readonly string[] = ['shared', 'jobs', 'files', 'stats', 'tmp'];

/** Job IDs this store accepts: what `assignId` makes, and nothing that could escape the root as a path. */
const JOB_ID = /^[A-Za-z0-9_-]{3,128}$/;

/** Stored file names: `f` + 12 random characters, then `-<basename>` when a basename is known. */
const FILE_NAME = 'f[a-z0-9]{12}(?:-[A-Za-z0-9._-]{1,100})?';
const FILE_ID = new RegExp(`^(?:files/[a-z0-9]{2}|jobs/[A-Za-z0-9_-]{2}/[A-Za-z0-9_-]{3,128}\\.files)/${FILE_NAME}$`);

/** Reduce a basename to characters that are safe in a path on every filesystem, so it can be kept for humans. */
export function sanitizeBasename(name: string): string {
  return pathBasename(name)
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .slice(0, 100);
}

/** Absolute paths of one store's parts. */
export class Layout {
  readonly tmp: string;
  readonly jobs: string;
  readonly files: string;
  readonly shared: string;
  readonly stats: string;
  readonly statsRead: string;

  constructor(readonly root: string) {
    this.tmp = join(root, 'tmp');
    this.jobs = join(root, 'jobs');
    this.files = join(root, 'files');
    this.shared = join(root, 'shared');
    this.stats = join(root, 'stats');
    this.statsRead = join(this.stats, 'read');
  }

  /** Directories `initialize` creates. */
  get baseDirs(): string[] {
    return [this.tmp, this.jobs, this.files, this.shared, this.stats, this.statsRead];
  }

  /** Whether `id` can name a job here (IDs from `assignId` always can). */
  static isJobId(id: string): boolean {
    return JOB_ID.test(id);
  }

  /** Shard directory of a job; the caller checks the ID with `isJobId` first. */
  jobShard(id: string): string {
    return join(this.jobs, id.slice(-2));
  }

  /** The job's description file. */
  jobFile(id: string): string {
    return join(this.jobShard(id), `${id}.json`);
  }

  /** Directory of the files a job owns. */
  ownedFilesDir(jobId: string): string {
    return join(this.jobShard(jobId), `${jobId}.files`);
  }

  /**
   * A fresh file ID and the directory its file goes into. A job's owned files share one directory, so deleting
   * the job removes them with one rename.
   */
  newFile(ownerJobId: string | undefined, basename: string | undefined): { id: string; dir: string; path: string } {
    const rand = randomId('f');
    const name = basename ? `${rand}-${sanitizeBasename(basename)}` : rand;
    let relDir: string;
    if (ownerJobId === undefined) {
      relDir = `files/${rand.slice(1, 3)}`;
    } else {
      if (!Layout.isJobId(ownerJobId)) {
        throw new InvalidValueError('owner job ID', ownerJobId, 'use an ID returned by assignId()');
      }
      relDir = `jobs/${ownerJobId.slice(-2)}/${ownerJobId}.files`;
    }
    const dir = join(this.root, relDir);
    return { id: `${relDir}/${name}`, dir, path: join(dir, name) };
  }

  /** Path of a stored file, or undefined when `id` is not a file ID of this store (so it cannot exist). */
  filePath(id: string): string | undefined {
    return FILE_ID.test(id) ? join(this.root, id) : undefined;
  }

  /** Path of a shared file; throws InvalidValueError for names outside `SHARED_FILE_NAME`. */
  sharedPath(name: string): string {
    if (!SHARED_FILE_NAME.test(name) || name === '.' || name === '..') {
      throw new InvalidValueError('shared file name', name, 'use only letters, digits, dots, dashes and underscores');
    }
    return join(this.shared, name);
  }
}
