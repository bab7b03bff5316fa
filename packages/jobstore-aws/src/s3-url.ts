import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { InvalidImportExportUrlError, NoSuchFileError } from '@toil/core';
import type { UrlSchemeHandler } from '@toil/core/backend';
import { downloadTo, SINGLE_PUT_LIMIT } from '@toil/jobstore-object';
import { s3Settings } from './s3-config.js';
import { S3ObjectStore } from './s3-object-store.js';

/** `s3://<bucket>/<key>`, parsed. */
export function parseS3Url(url: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(url);
  if (!match) throw new InvalidImportExportUrlError(url, "use 's3://<bucket>/<key>'");
  return { bucket: match[1] as string, key: decodeURIComponent(match[2] as string) };
}

/**
 * The `s3://` URL scheme: objects of any bucket the credentials reach, in the region of AWS_REGION (or
 * AWS_DEFAULT_REGION, else us-east-1) or on the server of TOIL_S3_HOST. An object's executable bit is its
 * `executable` metadata, as the job store writes it; other objects are plain files.
 */
export function s3UrlHandler(env: NodeJS.ProcessEnv = process.env): UrlSchemeHandler {
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1';
  const open = (url: string) => {
    const { bucket, key } = parseS3Url(url);
    return { client: new S3ObjectStore(bucket, s3Settings(region, env)), key };
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
