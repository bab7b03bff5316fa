import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { InvalidImportExportUrlError, NoSuchFileError } from '@toil/core';
import type { UrlSchemeHandler } from '@toil/core/backend';
import { downloadTo, SINGLE_PUT_LIMIT } from './files.js';
import type { ObjectStoreClient } from './object-store.js';

/** `<scheme>://<bucket>/<key>`, parsed; anything else is refused in one line saying what the form is. */
export function parseObjectUrl(scheme: string, url: string, keyWord = 'key'): { bucket: string; key: string } {
  const match = new RegExp(`^${scheme}://([^/]+)/(.+)$`).exec(url);
  if (!match) throw new InvalidImportExportUrlError(url, `use '${scheme}://<bucket>/<${keyWord}>'`);
  return { bucket: match[1] as string, key: decodeURIComponent(match[2] as string) };
}

/**
 * A URL scheme (`s3://`, `gs://`): `parse` splits a URL into bucket and key, `openBucket` gives a client of a
 * bucket. `list` gives the objects under a key prefix taken as a folder. An object's executable bit is its
 * `executable` metadata, as the job store writes it; other objects are plain files.
 */
export function objectUrlHandler(
  parse: (url: string) => { bucket: string; key: string },
  openBucket: (bucket: string) => ObjectStoreClient,
): UrlSchemeHandler {
  const open = (url: string) => {
    const { bucket, key } = parse(url);
    return { client: openBucket(bucket), key };
  };
  const modeOf = (metadata: Record<string, string>) => (metadata.executable === '1' ? 0o755 : 0o644);
  return {
    async stat(url) {
      const { client, key } = open(url);
      const info = await client.head(key);
      if (!info) throw new NoSuchFileError(url);
      return { size: info.size, mode: modeOf(info.metadata) };
    },
    async download(url, destPath) {
      const { client, key } = open(url);
      const found = await client.getStream(key);
      if (!found) throw new NoSuchFileError(url);
      await downloadTo(found.stream, destPath, modeOf(found.info.metadata));
    },
    async upload(srcPath, url) {
      const { client, key } = open(url);
      const st = await stat(srcPath);
      const metadata = { executable: (st.mode & 0o111) !== 0 ? '1' : '0' };
      if (st.size <= SINGLE_PUT_LIMIT) await client.put(key, await readFile(srcPath), { metadata });
      else await client.upload(key, createReadStream(srcPath), metadata);
    },
    async list(url) {
      // Object stores have no folders: a folder is the key prefix `<key>/`, listed recursively.
      const base = url.endsWith('/') ? url : `${url}/`;
      const { bucket, key } = parse(`${base}.`);
      const prefix = key.slice(0, -1);
      const client = openBucket(bucket);
      const urls: string[] = [];
      for await (const found of client.list(prefix)) {
        const rest = found.slice(prefix.length);
        // A zero-byte `<prefix>/` marker that consoles create for an empty folder is no file.
        if (rest === '' || rest.endsWith('/')) continue;
        urls.push(base + rest.split('/').map(encodeURIComponent).join('/'));
      }
      return urls.sort();
    },
  };
}
