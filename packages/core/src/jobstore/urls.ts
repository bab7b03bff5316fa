/**
 * URL helpers every job store shares for import and export: file: URLs and absolute paths, and http(s)
 * downloads (streamed, retried before data flows, as Toil's JobStoreSupport) and uploads (PUT).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, isAbsolute } from 'node:path';
import { Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { fileURLToPath } from 'node:url';
import { InvalidImportExportUrlError } from '../errors.js';

/** A URL this store can import from or export to. */
export type ParsedUrl = { kind: 'file'; path: string } | { kind: 'http'; url: string };

/** Parse an import/export URL: `file:` URLs, bare absolute paths, `http:` and `https:`. */
export function parseUrl(url: string): ParsedUrl {
  if (isAbsolute(url)) return { kind: 'file', path: url };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidImportExportUrlError(
      url,
      'it is neither an absolute path nor a URL; use file:///path, /path, http:// or https://',
    );
  }
  switch (parsed.protocol) {
    case 'file:':
      return { kind: 'file', path: fileURLToPath(parsed) };
    case 'http:':
    case 'https:':
      return { kind: 'http', url: parsed.href };
    default:
      throw new InvalidImportExportUrlError(url);
  }
}

/** The basename a URL's file is kept under. */
export function urlBasename(url: ParsedUrl): string | undefined {
  const path = url.kind === 'file' ? url.path : decodeURIComponent(new URL(url.url).pathname);
  return basename(path) || undefined;
}

/** Stat a local import source; a missing or non-regular file is the URL's fault. */
export async function statSource(url: string, path: string): Promise<{ size: number; mode: number }> {
  let st;
  try {
    st = await stat(path);
  } catch {
    throw new InvalidImportExportUrlError(url, `no file exists at '${path}'`);
  }
  if (!st.isFile()) throw new InvalidImportExportUrlError(url, `'${path}' is not a regular file`);
  return st;
}

/** Statuses worth retrying: the server may answer properly a moment later (as Toil's JobStoreSupport retries). */
const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
const ATTEMPTS = 3;

/** GET a URL, retrying connection failures and transient statuses a few times with backoff. */
async function fetchWithRetry(url: string): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    let failure: string;
    let retryable: boolean;
    try {
      const response = await fetch(url, { redirect: 'follow' });
      if (response.ok) return response;
      await response.body?.cancel();
      failure = `the server answered ${response.status} ${response.statusText}`;
      retryable = RETRY_STATUSES.has(response.status);
    } catch (err) {
      failure = `the download failed (${err instanceof Error ? err.message : String(err)})`;
      retryable = true;
    }
    if (!retryable || attempt >= ATTEMPTS) throw new InvalidImportExportUrlError(url, failure);
    await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** (attempt - 1)));
  }
}

/**
 * Download an http(s) URL into `dest` (a temp file), streaming. Retries happen only before data flows: once the
 * body is being written, a failure is final.
 */
export async function download(url: string, dest: string, mode: number): Promise<void> {
  const response = await fetchWithRetry(url);
  const out = createWriteStream(dest, { mode });
  if (!response.body) {
    out.end();
    await finished(out);
    return;
  }
  await pipeline(Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>), out);
}

/** Upload a local file to an http(s) URL with PUT. */
export async function upload(path: string, url: string, size: number): Promise<void> {
  const init: RequestInit & { duplex: 'half' } = {
    method: 'PUT',
    headers: { 'content-length': String(size), 'content-type': 'application/octet-stream' },
    // Node's fetch (undici) streams any async iterable of bytes; a streamed body requires `duplex: 'half'`.
    body: createReadStream(path) as unknown as NonNullable<RequestInit['body']>,
    duplex: 'half',
  };
  const response = await fetch(url, init);
  await response.body?.cancel();
  if (!response.ok)
    throw new InvalidImportExportUrlError(
      url,
      `the server answered ${response.status} ${response.statusText} to the upload`,
    );
}
