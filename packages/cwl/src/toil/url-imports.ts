/**
 * Input Files and Directories given as URLs, on the Toil path: imported straight into the job store
 * (`toil.importFile(url)`, one fetch), never downloaded by the runner first. What binding needs comes from the
 * store: the size from the stored FileID, `loadContents` read back from the store, secondary files looked for as
 * URLs beside the primary, and a Directory's files listed through its scheme's `urlScheme` plugin (`list`). Binding
 * then sees `toilfile://` Files, as every job does.
 */
import type { CwlType, Parameter } from '../model.js';
import { CwlInputError, CwlUnsupportedError, CwlUrlInputError, urlFailureReason } from '../errors.js';
import { CONTENTS_LIMIT } from '../runtime/inputs.js';
import { secondaryName } from '../runtime/secondary.js';
import { branchFor, isFileLike, isPlainObject } from '../types/check.js';
import { splitName, type FileObject } from '../types/file-objects.js';
import { TOIL_FILE, TREE, type Tree } from './files.js';

/** What importing needs from the leader's job store and the URL schemes. */
export interface UrlStore {
  /** Imports the object at `url`; its FileID string and size. Throws when it cannot be read. */
  importUrl(url: string): Promise<{ id: string; size: number }>;
  /** The bytes of a stored file. */
  read(id: string): Promise<Buffer>;
  /** Every object under `url` taken as a folder, as URLs; undefined when the scheme cannot list (http). */
  list(url: string): Promise<string[] | undefined>;
}

/** A URL with a scheme other than file:, which must be imported; else undefined. */
export function remoteUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value);
  return match === null || ['file', 'toilfile'].includes(match[1].toLowerCase()) ? undefined : value;
}

/** The scheme of a URL, lower-cased (`S3://b/k` → `s3`). */
export function urlScheme(url: string): string {
  return url.slice(0, url.indexOf(':')).toLowerCase();
}

/** The last path segment of a URL, decoded (`s3://b/x%20y.txt` → `x y.txt`). */
export function urlBasename(url: string): string {
  const path = new URL(url).pathname.replace(/\/+$/, '');
  return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1)) || 'download';
}

/** Whether any File or Directory in `value` is given as a URL (so the store is needed before binding). */
export function hasUrlInputs(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasUrlInputs);
  if (!isPlainObject(value)) return false;
  if (isFileLike(value) && (remoteUrl(value.location) ?? remoteUrl(value.path)) !== undefined) return true;
  return Object.values(value).some(hasUrlInputs);
}

/**
 * Imports every URL File and Directory of the job's values for `params`, in place: `location` becomes
 * `toilfile://...` with `basename` and `size` set, `contents` for `loadContents`, secondary files found beside the
 * primary as URLs, a Directory's files as its `toil:tree` with a listing as `listingDefault` (or the parameter's
 * `loadListing`) asks. A URL that cannot be read is one line quoting it; a Directory over http(s) exits 33.
 */
export async function importUrlInputs(
  params: Parameter[],
  job: Record<string, unknown>,
  store: UrlStore,
  listingDefault: string,
): Promise<void> {
  for (const param of params) {
    const value = job[param.id];
    if (value !== undefined && value !== null) await walk(value, param.type, param, { store, listingDefault });
  }
}

interface Walk {
  store: UrlStore;
  listingDefault: string;
}

/** Follows `value` through its type to every File/Directory, so record fields bring their own parameters. */
async function walk(value: unknown, type: CwlType, param: Partial<Parameter>, w: Walk): Promise<void> {
  const branch = branchFor(value, type) ?? 'Any';
  if (Array.isArray(value)) {
    const items = typeof branch === 'object' && branch.type === 'array' ? branch.items : 'Any';
    for (const item of value) await walk(item, items, param, w);
  } else if (isFileLike(value)) {
    await importObject(value as FileObject, param, w);
  } else if (isPlainObject(value)) {
    const fields = typeof branch === 'object' && branch.type === 'record' ? branch.fields : [];
    for (const [key, child] of Object.entries(value)) {
      const field = fields.find((f) => f.name === key);
      await walk(child, field?.type ?? 'Any', field === undefined ? {} : { ...field, id: field.name }, w);
    }
  }
}

async function importObject(object: FileObject, param: Partial<Parameter>, w: Walk): Promise<void> {
  const url = remoteUrl(object.location) ?? remoteUrl(object.path);
  // Given secondary files and listing entries may be URLs even when the primary is not.
  for (const key of ['secondaryFiles', 'listing'] as const) {
    if (Array.isArray(object[key])) for (const child of object[key]) await walk(child, 'Any', {}, w);
  }
  if (url === undefined) return;
  delete object.path;
  object.basename ??= urlBasename(url);
  if (object.class === 'Directory') return importDirectory(object, url, param, w);
  const { id, size } = await importOne(url, w.store);
  Object.assign(object, { location: `${TOIL_FILE}${id}`, size }, splitName(String(object.basename)));
  if (param.loadContents === true) {
    if (size > CONTENTS_LIMIT)
      throw new CwlInputError(`'${param.id}': loadContents of '${url}' is over the 64 KiB limit (${size} bytes).`);
    object.contents = (await w.store.read(id)).toString('utf8');
  }
  await attachSecondary(object, url, param, w);
}

/** Imports `url`, turning any failure into one line quoting it (core's own messages quote it too: kept once). */
async function importOne(url: string, store: UrlStore): Promise<{ id: string; size: number }> {
  try {
    return await store.importUrl(url);
  } catch (error) {
    const reason = urlFailureReason(error);
    throw new CwlUrlInputError(url, /[.!]$/.test(reason) ? reason : `${reason}.`);
  }
}

/** Secondary files of the parameter's patterns, looked for beside the primary URL (an import is the look). */
async function attachSecondary(file: FileObject, url: string, param: Partial<Parameter>, w: Walk): Promise<void> {
  if (param.secondaryFiles === undefined) return;
  const have = (file.secondaryFiles ?? []) as FileObject[];
  const folder = url.slice(0, url.lastIndexOf('/') + 1);
  const primary = url.slice(folder.length).replace(/[?#].*$/, '');
  for (const schema of param.secondaryFiles) {
    // Expression patterns need the tool's context: the tool job evaluates them, as for local files.
    if (schema.pattern.includes('$(') || schema.pattern.includes('${')) continue;
    const name = secondaryName(decodeURIComponent(primary), schema.pattern);
    if (have.some((s) => s.basename === name)) continue;
    const wanted = folder + encodeURIComponent(name);
    try {
      const { id, size } = await w.store.importUrl(wanted);
      have.push({ class: 'File', location: `${TOIL_FILE}${id}`, basename: name, size, ...splitName(name) });
    } catch (error) {
      // Optional ones (`?`, `required: false` or an expression, as binding local files counts it) may be missing.
      if ((schema.required ?? true) === true && !schema.pattern.endsWith('?'))
        throw new CwlInputError(
          `Input '${param.id}': the secondary file '${wanted}' cannot be read: ${(error as Error).message}`,
        );
    }
  }
  file.secondaryFiles = have;
}

/** A Directory URL: its objects listed through the scheme's plugin and imported one by one into a tree. */
async function importDirectory(object: FileObject, url: string, param: Partial<Parameter>, w: Walk): Promise<void> {
  let urls: string[] | undefined;
  try {
    urls = await w.store.list(url);
  } catch (error) {
    throw new CwlUrlInputError(url, urlFailureReason(error));
  }
  if (urls === undefined) {
    const scheme = urlScheme(url);
    const why = /^https?$/.test(scheme)
      ? 'http has no folder listing, so its files cannot be found'
      : `the '${scheme}' URL plugin cannot list a folder`;
    throw new CwlUnsupportedError(
      `a Directory input given as a URL ('${url}'): ${why}; give its files as a listing of File URLs, or the ` +
        'folder as s3://, gs:// or a local path',
    );
  }
  if (urls.length === 0)
    throw new CwlUrlInputError(url, 'no objects are under this prefix, so there is no folder to import.');
  const base = url.endsWith('/') ? url : `${url}/`;
  const tree: Tree = {};
  const sizes = new Map<string, number>();
  for (const entry of urls) {
    const names = entry.slice(base.length).split('/').map(decodeURIComponent);
    let node = tree;
    for (const name of names.slice(0, -1)) node = (node[name] ??= {}) as Tree;
    const { id, size } = await importOne(entry, w.store);
    node[names[names.length - 1]] = id;
    sizes.set(id, size);
  }
  const mode = param.loadListing ?? w.listingDefault;
  object[TREE] = tree;
  object.location = `${TOIL_FILE}dir/${encodeURIComponent(String(object.basename))}`;
  if (mode !== 'no_listing') object.listing = listing(tree, mode === 'deep_listing' ? Infinity : 1, sizes);
}

/** A tree's entries as File/Directory objects in the job store's form, to `depth` levels. */
function listing(tree: Tree, depth: number, sizes: Map<string, number>): FileObject[] {
  return Object.keys(tree)
    .sort()
    .map((name) => {
      const entry = tree[name];
      if (typeof entry === 'string')
        return {
          class: 'File',
          location: `${TOIL_FILE}${entry}`,
          basename: name,
          size: sizes.get(entry),
          ...splitName(name),
        };
      const dir: FileObject = {
        class: 'Directory',
        location: `${TOIL_FILE}dir/${encodeURIComponent(name)}`,
        basename: name,
        [TREE]: entry,
      };
      if (depth > 1) dir.listing = listing(entry, depth - 1, sizes);
      return dir;
    });
}
