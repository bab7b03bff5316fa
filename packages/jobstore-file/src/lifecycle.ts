import { mkdir, readdir, rm, rmdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidLocatorError } from '@toil/core';
import { isErrno, removeQuietly } from './atomic.js';
import { LAYOUT_ENTRIES, type Layout } from './layout.js';

/**
 * Create a store's directories in `layout.root`, which may exist if it is empty. A directory with anything a
 * store does not create is refused: `destroy` would later delete those files along with the store.
 */
export async function createLayout(layout: Layout, locator: string): Promise<void> {
  await mkdir(layout.root, { recursive: true });
  const foreign = (await readdir(layout.root)).filter((name) => !LAYOUT_ENTRIES.includes(name));
  if (foreign.length > 0) {
    throw new InvalidLocatorError(
      locator,
      `the directory '${layout.root}' is not empty and holds no job store (it contains '${foreign[0]}'); use a new or empty directory`,
    );
  }
  for (const dir of layout.baseDirs) await mkdir(dir, { recursive: true });
}

/**
 * Remove a store. With a config present (`configPath`), the config goes first, so the store stops existing at
 * once, then the whole directory. Without one (never initialized, or a destroy that crashed), only what a store
 * creates is removed, and the directory itself only if that leaves it empty.
 */
export async function removeLayout(layout: Layout, configPath: string, isStore: boolean): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(layout.root);
  } catch (err) {
    if (isErrno(err, 'ENOENT', 'ENOTDIR')) return;
    throw err;
  }
  if (isStore) {
    await unlink(configPath).catch(() => undefined);
    await rm(layout.root, { recursive: true, force: true });
    return;
  }
  for (const name of entries) if (LAYOUT_ENTRIES.includes(name)) await removeQuietly(join(layout.root, name));
  await rmdir(layout.root).catch((err: unknown) => {
    if (!isErrno(err, 'ENOENT', 'ENOTEMPTY', 'EEXIST')) throw err;
  });
}
