import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomId } from '@toil/core/backend';

/**
 * Write a local file atomically (temp file next to it, then rename), replacing an existing one even when it is
 * read-only, and set its mode exactly (no umask).
 */
export async function writeLocalFile(path: string, data: Uint8Array, mode: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.${randomId('tmp')}`);
  try {
    await writeFile(temp, data);
    await chmod(temp, mode);
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}
