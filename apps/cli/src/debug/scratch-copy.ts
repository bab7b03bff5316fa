/**
 * A scratch copy of a `file:` job store for `toil debug-job`, so a job can run and commit without changing the
 * real store. Files are hard links: cheap, and safe because the file job store never writes a file in place
 * (every write is a temp file renamed over the name, every chmod is on a temp), so a write in the copy replaces
 * the copy's link and leaves the original's data alone. Across filesystems, files are copied instead.
 */
import { copyFile, link, mkdir, readdir, readlink, symlink } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

/** Errors of link() that mean "cannot link here" rather than a fault. */
const CANNOT_LINK = ['EXDEV', 'EPERM', 'EMLINK', 'ENOTSUP', 'EOPNOTSUPP'];

function isErrno(error: unknown, codes: readonly string[]): boolean {
  return codes.includes((error as NodeJS.ErrnoException).code ?? '');
}

/**
 * Recreate the store at `root` in `dest` (new or empty); returns how many files had to be copied rather than linked.
 */
export async function scratchCopy(root: string, dest: string): Promise<{ copied: number }> {
  let copied = 0;
  let canLink = true;
  await mkdir(join(dest, 'tmp'), { recursive: true });
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    const from = join(entry.parentPath, entry.name);
    const rel = relative(root, from);
    // Half-written temp files of a running leader or worker are no part of the store's state.
    if (rel === 'tmp' || rel.startsWith(`tmp${sep}`)) continue;
    const to = join(dest, rel);
    if (entry.isDirectory()) {
      await mkdir(to, { recursive: true });
      continue;
    }
    await mkdir(dirname(to), { recursive: true });
    try {
      if (entry.isSymbolicLink()) {
        // Imports with --linkImports are symlinks to the user's file: point at the same target.
        await symlink(await readlink(from), to);
        continue;
      }
      if (canLink) {
        try {
          await link(from, to);
          continue;
        } catch (error) {
          if (!isErrno(error, CANNOT_LINK)) throw error;
          canLink = false;
        }
      }
      await copyFile(from, to);
      copied++;
    } catch (error) {
      // A running workflow deletes finished jobs' files while we walk: they are no part of the copy then.
      if (!isErrno(error, ['ENOENT'])) throw error;
    }
  }
  return { copied };
}
