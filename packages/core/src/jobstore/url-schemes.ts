/**
 * Import and export through URL-scheme plugins (`s3://`, `gs://`, ...): a URL whose scheme core does not read
 * itself is handed to the `urlScheme` plugin of that name, which copies it to or from a private temp file; the
 * job store then imports or exports that local file as usual, so every store gets every scheme. A scheme no
 * plugin provides is left to the store, which refuses it with InvalidImportExportUrlError as before.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ToilError } from '../errors.js';
import type { UrlSchemeHandler } from '../plugins/plugin.js';
import { loadPlugin } from '../plugins/registry.js';
import type { JobStore } from './jobstore.js';

/** Schemes core reads itself (urls.ts). */
const BUILTIN = new Set(['file', 'http', 'https']);

/** The scheme of `<scheme>://...` when a plugin may serve it (not file:, http(s): or a path), else undefined. */
export function pluginSchemeOf(url: string): string | undefined {
  const match = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url);
  const scheme = match?.[1]?.toLowerCase();
  return scheme === undefined || BUILTIN.has(scheme) ? undefined : scheme;
}

/** The plugin handler for a URL's scheme; undefined when core or the store handles it, or no plugin has it. */
async function handlerFor(url: string): Promise<UrlSchemeHandler | undefined> {
  const scheme = pluginSchemeOf(url);
  if (scheme === undefined) return undefined;
  let plugin;
  try {
    plugin = await loadPlugin('urlScheme', scheme);
  } catch (err) {
    // Unknown to every plugin: the store's own message (InvalidImportExportUrlError) says what works.
    if (ToilError.is(err) && err.code === 'UNKNOWN_PLUGIN') return undefined;
    throw err;
  }
  return plugin.load();
}

/** Run `use` with a new private (0700) temp directory, removed afterwards. */
async function withTempDir<T>(use: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'toil-url-'));
  try {
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `store.importFile`, with URLs of plugin schemes downloaded first (keeping the basename and executable bit). */
export async function importUrl(
  store: Pick<JobStore, 'importFile'>,
  url: string,
  options?: { sharedFileName?: string; symlink?: boolean },
): Promise<string | undefined> {
  const handler = await handlerFor(url);
  if (!handler) return store.importFile(url, options);
  return withTempDir(async (dir) => {
    const { mode } = await handler.stat(url);
    const local = join(dir, basename(new URL(url).pathname) || 'download');
    await handler.download(url, local);
    await chmod(local, mode & 0o111 ? 0o700 : 0o600);
    // symlink is meaningless for a temp copy that is removed right after.
    return store.importFile(local, { sharedFileName: options?.sharedFileName });
  });
}

/** `store.exportFile`, with URLs of plugin schemes uploaded from a local copy. */
export async function exportUrl(store: Pick<JobStore, 'exportFile'>, fileId: string, url: string): Promise<void> {
  const handler = await handlerFor(url);
  if (!handler) return store.exportFile(fileId, url);
  await withTempDir(async (dir) => {
    const local = join(dir, 'upload');
    await store.exportFile(fileId, local);
    await handler.upload(local, url);
  });
}
