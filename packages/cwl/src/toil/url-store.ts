/**
 * The leader's UrlStore (url-imports.ts) over an open Toil: imports with `toil.importFile(url)` (http(s) by core,
 * other schemes through their `urlScheme` plugin, one fetch either way), reads a stored file back by exporting it
 * into a private temp folder, and lists a folder URL through the plugin's optional `list`.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Toil } from '@toil/core';
import type { UrlSchemeHandler } from '@toil/core/backend';
import { addPluginResolveBase, loadPlugin } from '@toil/core/internal';
import { urlScheme, type UrlStore } from './url-imports.js';

/** A UrlStore that imports into `toil`'s job store. */
export function toilUrlStore(toil: Toil): UrlStore {
  // A plugin installed next to the runner (its dependencies, or the user's project) resolves from here.
  addPluginResolveBase(new URL(import.meta.url).pathname);
  const handlers = new Map<string, Promise<UrlSchemeHandler>>();
  // Loading the plugin first gives its own line for an unknown scheme ("Unknown URL scheme 'x'. ... gs, s3."),
  // where the job store alone would only say it cannot import the URL.
  const handler = (scheme: string): Promise<UrlSchemeHandler> => {
    let found = handlers.get(scheme);
    if (found === undefined) {
      found = loadPlugin('urlScheme', scheme).then((plugin) => plugin.load());
      handlers.set(scheme, found);
    }
    return found;
  };
  const web = (url: string) => ['http', 'https'].includes(urlScheme(url));
  return {
    async importUrl(url) {
      if (!web(url)) await handler(urlScheme(url));
      const file = await toil.importFile(url);
      return { id: file.id, size: file.size };
    },
    async read(id) {
      const dir = await mkdtemp(join(tmpdir(), 'toil-cwl-read-'));
      try {
        const dest = join(dir, 'contents');
        await toil.exportFile(id, pathToFileURL(dest).href);
        return await readFile(dest);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    async list(url) {
      if (web(url)) return undefined;
      const found = await handler(urlScheme(url));
      return found.list === undefined ? undefined : found.list(url);
    },
  };
}
