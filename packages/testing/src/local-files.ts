import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidImportExportUrlError, randomId } from '@toil/core';

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

/** An import/export location: a local path or an http(s) URL. */
export type ParsedUrl = { kind: 'file'; path: string } | { kind: 'http'; url: string };

/** Parse `file:` URLs, bare absolute paths and http(s) URLs; anything else is InvalidImportExportUrlError. */
export function parseUrl(url: string): ParsedUrl {
  if (isAbsolute(url)) return { kind: 'file', path: url };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidImportExportUrlError(url, 'it is neither an absolute path nor a URL');
  }
  if (parsed.protocol === 'file:') return { kind: 'file', path: fileURLToPath(parsed) };
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return { kind: 'http', url: parsed.href };
  throw new InvalidImportExportUrlError(url);
}
