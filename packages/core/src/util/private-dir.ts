import type { Stats } from 'node:fs';

/**
 * Why a directory (its `lstat`) is not one that only `uid` can put files into, or undefined when it is. Toil runs
 * code named by what such directories hold (the bundle cache, deferred-function records), so a symbolic link, a
 * non-directory, another owner, or any of the `forbiddenModeBits` (group/other write, or all group/other access)
 * makes it unsafe. The caller raises its own error with this as the reason.
 */
export function privateDirProblem(info: Stats, uid: number, forbiddenModeBits: number): string | undefined {
  if (info.isSymbolicLink()) return 'it is a symbolic link';
  if (!info.isDirectory()) return 'it is not a directory';
  if (info.uid !== uid || (info.mode & forbiddenModeBits) !== 0) {
    return `it has mode ${(info.mode & 0o7777).toString(8).padStart(4, '0')} (owner uid ${info.uid})`;
  }
  return undefined;
}
