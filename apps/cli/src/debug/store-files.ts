/**
 * The files of a `file:` job store as `toil debug-file` sees them: every file under the store's directory except
 * its temp area, named by their path inside the store. Files the workflow wrote are stored as
 * `f<12 random characters>-<original name>`; `originalName` gives the part a user knows.
 */
import { readdir } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';

/** One file of the store. */
export interface StoreFile {
  /** Absolute path. */
  path: string;
  /** Path inside the store, with `/` separators, e.g. `files/ab/fk3j…-reads.bam`. */
  relPath: string;
  /** The name the file had when the workflow stored it (`reads.bam`), or its stored name when none was kept. */
  originalName: string;
}

const STORED_NAME = /^f[a-z0-9]{12}-(.+)$/;

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
    files.push({ path, relPath, originalName: STORED_NAME.exec(name)?.[1] ?? name });
  }
  return files.sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0));
}
