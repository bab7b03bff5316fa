import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { InvalidImportExportUrlError, NoSuchFileError } from '@toil/core';
import type { UrlSchemeHandler } from '@toil/core/backend';
import { downloadTo, SINGLE_PUT_LIMIT } from '@toil/jobstore-object';
import { gcsSettings } from './gcs-config.js';
import { GcsObjectStore } from './gcs-object-store.js';

/** `gs://<bucket>/<object>`, parsed. */
export function parseGsUrl(url: string): { bucket: string; key: string } {
  const match = /^gs:\/\/([^/]+)\/(.+)$/.exec(url);
  if (!match) throw new InvalidImportExportUrlError(url, "use 'gs://<bucket>/<object>'");
  return { bucket: match[1] as string, key: decodeURIComponent(match[2] as string) };
}

/**
 * Object requests name no project, but without one Google's auth library looks one up over the network for some
 * credentials (external accounts ask the Resource Manager API), so a placeholder stands in for it.
 */
const NO_PROJECT = 'toil-gs-urls';

/**
 * The `gs://` URL scheme: objects of any bucket the credentials reach (on the server of TOIL_GCS_ENDPOINT when
 * set), in GOOGLE_CLOUD_PROJECT when set. An object's executable bit is its `executable` metadata, as the job store
 * writes it; other objects are plain files.
 */
export function gsUrlHandler(env: NodeJS.ProcessEnv = process.env): UrlSchemeHandler {
  const open = (url: string) => {
    const { bucket, key } = parseGsUrl(url);
    return { client: new GcsObjectStore(bucket, gcsSettings(env.GOOGLE_CLOUD_PROJECT || NO_PROJECT, env)), key };
  };
  return {
    async stat(url) {
      const { client, key } = open(url);
      const info = await client.head(key);
      if (!info) throw new NoSuchFileError(url);
      return { size: info.size, mode: info.metadata.executable === '1' ? 0o755 : 0o644 };
    },
    async download(url, destPath) {
      const { client, key } = open(url);
      const found = await client.getStream(key);
      if (!found) throw new NoSuchFileError(url);
      await downloadTo(found.stream, destPath, found.info.metadata.executable === '1' ? 0o755 : 0o644);
    },
    async upload(srcPath, url) {
      const { client, key } = open(url);
      const st = await stat(srcPath);
      const metadata = { executable: (st.mode & 0o111) !== 0 ? '1' : '0' };
      if (st.size <= SINGLE_PUT_LIMIT) await client.put(key, await readFile(srcPath), { metadata });
      else await client.upload(key, createReadStream(srcPath), metadata);
    },
  };
}
