import { lstat, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { privateDirProblem } from '../util/private-dir.js';
import { UnsafeCacheDirError } from './errors.js';

/**
 * `toil run`'s bundle cache: `$TMPDIR/toil-bundles-<uid>`. Per user, because the temp dir is shared and a
 * directory another user made there could hold code of theirs under the name of ours.
 */
export function userBundleCacheDir(): string {
  const uid = process.getuid?.();
  return join(tmpdir(), uid === undefined ? 'toil-bundles' : `toil-bundles-${uid}`);
}

/**
 * Create `dir` (mode 0700) if needed and make sure only this user can put files in it: it must be a real
 * directory (not a symbolic link) owned by this user and not writable by group or others. Throws
 * UnsafeCacheDirError otherwise. Where there are no POSIX owners (Windows) there is nothing to check.
 */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
    // Something that is not a directory is there: the checks below say what.
    if (error.code !== 'EEXIST') throw error;
  });
  const uid = process.getuid?.();
  if (uid === undefined) return;
  // lstat: a symbolic link to someone else's directory must not pass as ours.
  const problem = privateDirProblem(await lstat(dir), uid, 0o022);
  if (problem) throw new UnsafeCacheDirError(dir, problem, uid);
}
