/**
 * Input Files given as URLs in the job file (`location: https://...`, `s3://...`, `gs://...`) of a run that
 * bypasses the file store (toil/bypass.ts): downloaded into a private folder before binding, so binding, secondary
 * files, checksums and staging see local files. As Toil jobs they are imported straight into the job store instead
 * (toil/url-imports.ts). http(s) goes through core's `download`, any other scheme through the `urlScheme` plugin of
 * that name (`@toil/jobstore-aws` for s3, `@toil/jobstore-gcs` for gs), the same machinery `Toil.importFile` uses.
 * @toil/core is imported only when a URL is found: it costs about 0.3 s of start-up.
 */
import { chmod, mkdtemp } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CwlUnsupportedError, CwlUrlInputError, urlFailureReason } from '../errors.js';
import { isPlainObject } from '../types/check.js';

/** A URL with a scheme other than file:, which must be downloaded. */
function remoteUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value);
  return match === null || match[1].toLowerCase() === 'file' ? undefined : value;
}

/** Every File/Directory object in `value` (secondary files and listings included). */
function* fileObjects(value: unknown): Generator<Record<string, unknown>> {
  if (Array.isArray(value)) {
    for (const item of value) yield* fileObjects(item);
  } else if (isPlainObject(value)) {
    if (value.class === 'File' || value.class === 'Directory') yield value;
    for (const child of Object.values(value)) yield* fileObjects(child);
  }
}

/** Downloads one URL to `dest` (mode 0600, or 0700 when the source is executable). */
async function fetchUrl(url: string, dest: string): Promise<void> {
  const scheme = url.slice(0, url.indexOf(':')).toLowerCase();
  if (scheme === 'http' || scheme === 'https') {
    const { download } = await import('@toil/core/backend');
    return download(url, dest, 0o600);
  }
  const { addPluginResolveBase, loadPlugin } = await import('@toil/core/internal');
  // A plugin installed next to the runner (its dependencies, or the user's project) resolves from here.
  addPluginResolveBase(new URL(import.meta.url).pathname);
  const handler = await (await loadPlugin('urlScheme', scheme)).load();
  const { mode } = await handler.stat(url);
  await handler.download(url, dest);
  await chmod(dest, mode & 0o111 ? 0o700 : 0o600);
}

/**
 * Replaces every URL `location` (or `path`) of a File in the job by a local copy under `workRoot`, keeping the
 * basename. A Directory URL cannot be listed over these schemes: exit 33. A URL that cannot be read is one line
 * quoting it (CwlUrlInputError).
 */
export async function fetchUrlInputs(job: Record<string, unknown>, workRoot: string): Promise<void> {
  for (const object of fileObjects(job)) {
    const url = remoteUrl(object.location) ?? remoteUrl(object.path);
    if (url === undefined) continue;
    if (object.class === 'Directory') throw new CwlUnsupportedError(`a Directory input given as a URL ('${url}')`);
    const name = basename(decodeURIComponent(new URL(url).pathname)) || 'download';
    const local = join(await mkdtemp(join(workRoot, 'url-')), name);
    try {
      await fetchUrl(url, local);
    } catch (error) {
      const reason = urlFailureReason(error);
      throw new CwlUrlInputError(url, /[.!]$/.test(reason) ? reason : `${reason}.`);
    }
    delete object.path;
    object.location = pathToFileURL(local).href;
  }
}
