import { readFile, stat } from 'node:fs/promises';
import { InvalidImportExportUrlError } from '@toil/core';
import { parseUrl } from '@toil/core/backend';
import { writeLocalFile } from '../local-files.js';

/** Fetch an import URL's bytes and executable bit (http(s) sources are never executable). */
export async function fetchUrl(url: string): Promise<{ data: Buffer; executable: boolean }> {
  const source = parseUrl(url);
  if (source.kind === 'file') {
    const st = await stat(source.path).catch(() => undefined);
    if (!st?.isFile()) throw new InvalidImportExportUrlError(url, `no file exists at '${source.path}'`);
    return { data: await readFile(source.path), executable: (st.mode & 0o111) !== 0 };
  }
  const response = await fetch(source.url);
  if (!response.ok) {
    await response.body?.cancel();
    throw new InvalidImportExportUrlError(url, `the server answered ${response.status} ${response.statusText}`);
  }
  return { data: Buffer.from(await response.arrayBuffer()), executable: false };
}

/** Write bytes to an export URL: a local file (atomically) or an http(s) PUT. */
export async function deliverToUrl(data: Buffer, executable: boolean, url: string): Promise<void> {
  const dest = parseUrl(url);
  if (dest.kind === 'file') {
    await writeLocalFile(dest.path, data, executable ? 0o755 : 0o644);
    return;
  }
  const response = await fetch(dest.url, { method: 'PUT', body: new Uint8Array(data) });
  await response.body?.cancel();
  if (!response.ok) {
    throw new InvalidImportExportUrlError(
      url,
      `the server answered ${response.status} ${response.statusText} to the upload`,
    );
  }
}
