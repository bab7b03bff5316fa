/**
 * `toil debug-file --fetch`: copy job-store files that match glob patterns into a local directory. A pattern
 * matches a file's original name (`*.bam`), its stored name or its path inside the store (`files/**`), with
 * picomatch's bash-style globs.
 */
import { constants } from 'node:fs';
import { copyFile, mkdir, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import picomatch from 'picomatch';
import type { StoreFile } from './store-files.js';

/** Files matching any of the patterns. */
export function matchFiles(files: readonly StoreFile[], patterns: readonly string[]): StoreFile[] {
  const isMatch = picomatch([...patterns], { dot: true });
  return files.filter((f) => isMatch(f.originalName) || isMatch(f.storedName) || isMatch(f.relPath));
}

/** How fetched files are laid out and made. */
export interface FetchOptions {
  /** Keep each file's path inside the store (for a whole-store fetch) instead of its original name alone. */
  keepTree: boolean;
  /** Make symlinks to the stored files instead of copies. */
  symlink: boolean;
}

/**
 * Copy (or link) `files` into `dest`; returns the local paths. Files are named by their original name, except when
 * two share one, which then keep their stored (unique) name. Copies may be reflinks; stored files are never
 * changed in place by Toil, so a symlink stays valid until the job store deletes the file.
 */
export async function fetchFiles(files: readonly StoreFile[], dest: string, options: FetchOptions): Promise<string[]> {
  const uses = new Map<string, number>();
  for (const f of files) uses.set(f.originalName, (uses.get(f.originalName) ?? 0) + 1);
  const written: string[] = [];
  for (const f of files) {
    const name = options.keepTree ? f.relPath : uses.get(f.originalName) === 1 ? f.originalName : f.storedName;
    const target = join(dest, name);
    await mkdir(dirname(target), { recursive: true });
    if (f.download) await f.download(target);
    else if (options.symlink) await symlink(f.path as string, target);
    else await copyFile(f.path as string, target, constants.COPYFILE_FICLONE);
    written.push(target);
  }
  return written;
}
