import { chmod, mkdir, readdir, rm, rmdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidLocatorError } from '@toil/core';
import { isErrno, removeQuietly } from './atomic.js';
import { LAYOUT_ENTRIES, type Layout } from './layout.js';

/**
 * Mode of a store's directories: private to its user. The config holds `--setEnv` values and the records hold
 * job arguments, so on a shared machine nobody else may list or read them.
 */
export const PRIVATE_DIR_MODE = 0o700;

/**
 * Create a store's directories in `layout.root`, which may exist if it is empty. A directory with anything a
 * store does not create is refused: `destroy` would later delete those files along with the store. A root this
 * creates is 0700 (parents it creates too); an existing empty root keeps its mode, and the store's own
 * directories inside it are 0700 either way.
 */
export async function createLayout(layout: Layout, locator: string): Promise<void> {
  const created = await mkdir(layout.root, { recursive: true, mode: PRIVATE_DIR_MODE });
  // mkdir's mode is filtered by the umask; chmod makes it exact for the root.
  if (created !== undefined) await chmod(layout.root, PRIVATE_DIR_MODE);
  const foreign = (await readdir(layout.root)).filter((name) => !LAYOUT_ENTRIES.includes(name));
  if (foreign.length > 0) {
    throw new InvalidLocatorError(
      locator,
      `the directory '${layout.root}' is not empty and holds no job store (it contains '${foreign[0]}'); use a new or empty directory`,
    );
  }
  for (const dir of layout.baseDirs) {
    await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
    await chmod(dir, PRIVATE_DIR_MODE);
  }
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
