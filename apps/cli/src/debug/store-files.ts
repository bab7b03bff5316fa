/**
 * The files of a job store as `toil debug-file` sees them: every file under a `file:` store's directory except
 * its temp area, or every object of a remote store, named by their path inside the store. Files the workflow
 * wrote are stored as `f<12 random characters>-<original name>`; `originalName` gives the part a user knows.
 */
import { readdir } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';

/** One file of the store. */
export interface StoreFile {
  /** Absolute path of a `file:` store's file; undefined for an object of a remote store. */
  path?: string;
  /** Copies a remote store's object to a local path (undefined for a `file:` store, whose files are copied). */
  download?: (destPath: string) => Promise<void>;
  /** Path inside the store, with `/` separators, e.g. `files/ab/fk3j…-reads.bam`. */
  relPath: string;
  /** The name the file had when the workflow stored it (`reads.bam`), or its stored name when none was kept. */
  originalName: string;
  /**
   * A name no other file of the store has, for fetches where two files share an original name: the stored name
   * (`f<12 random characters>-reads.bam`), or for an object the last two parts of its key (`f3k…-reads.bam`).
   */
  storedName: string;
}

const STORED_NAME = /^f[a-z0-9]{12}-(.+)$/;

/** The name a user knows a stored file by: `reads.bam` of `f<12 random characters>-reads.bam`. */
function originalNameOf(name: string): string {
  return STORED_NAME.exec(name)?.[1] ?? name;
}

/** Sorted by path inside the store. */
function byPath(files: StoreFile[]): StoreFile[] {
  return files.sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0));
}

/**
 * Every object of a remote store (`aws:`, `google:`) through its `listObjects`: keys as paths, and the last part
 * of a key as the original name (file objects end with the name the workflow stored them under).
 */
export async function listRemoteStoreFiles(
  objects: AsyncIterable<{ path: string; download(destPath: string): Promise<void> }>,
): Promise<StoreFile[]> {
  const files: StoreFile[] = [];
  for await (const object of objects) {
    const parts = object.path.split('/');
    const name = parts[parts.length - 1] as string;
    files.push({
      relPath: object.path,
      originalName: originalNameOf(name),
      storedName: parts.slice(-2).join('-'),
      download: object.download,
    });
  }
  return byPath(files);
}

/** Every file of the store at `root`, sorted by path. Temp files (half-written records) are left out. */
export async function listStoreFiles(root: string): Promise<StoreFile[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files: StoreFile[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const relPath = relative(root, path).split(sep).join('/');
    if (relPath.startsWith('tmp/')) continue;
    const name = basename(path);
    files.push({ path, relPath, originalName: originalNameOf(name), storedName: name });
  }
  return byPath(files);
}
