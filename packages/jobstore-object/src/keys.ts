import { randomId } from '@toil/core/backend';

/**
 * Where everything lives in the job store's bucket. Owned files sit under their job's prefix, so deleting a job
 * deletes its files with one listing, and the owner of an allocated file ID can be read from the ID itself (any
 * process can write it, with no table of allocations to share).
 */
export const Keys = {
  shared: (name: string): string => `shared/${name}`,
  job: (id: string): string => `jobs/${id}`,
  jobs: 'jobs/',
  file: (fileId: string): string => `files/${fileId}`,
  ownedFiles: (jobId: string): string => `files/${jobId}/`,
  /** Stats/logging blobs: `new/` until read, then `read/`; malformed ones are set aside in `bad/`. */
  stats: (state: 'new' | 'read' | 'bad', name = ''): string => `stats/${state}/${name}`,
} as const;

/** The owner part of an unowned file's ID. */
export const NO_OWNER = '_';
const JOB_ID = /^[A-Za-z0-9_-]+$/;
const FILE_ID = /^([A-Za-z0-9_-]+)\/[a-z0-9]+(\/[A-Za-z0-9._-]+)?$/;

/** Whether a string can be a job ID of this store (anything else cannot exist, so it is simply not found). */
export function isJobId(id: string): boolean {
  return JOB_ID.test(id) && id !== NO_OWNER;
}

/** A new file ID: `<owner or _>/<random>[/<basename>]`; the basename is kept for humans and debug tools. */
export function newFileId(owner: string | undefined, basename: string | undefined): string {
  const name = basename?.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  return `${owner ?? NO_OWNER}/${randomId('f')}${name ? `/${name}` : ''}`;
}

/** The owner job of a file ID, undefined for an unowned file, null for a string that is no file ID of ours. */
export function ownerOf(fileId: string): string | undefined | null {
  const match = FILE_ID.exec(fileId);
  if (!match) return null;
  return match[1] === NO_OWNER ? undefined : match[1];
}

let counter = 0;
/** A stats blob name that sorts in write order within one process, and across processes by time. */
export function statsName(): string {
  counter = (counter + 1) % 1_000_000;
  return `${Date.now().toString().padStart(15, '0')}-${counter.toString().padStart(6, '0')}-${randomId('')}`;
}
