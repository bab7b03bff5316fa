/**
 * How CWL Files and Directories travel between Toil jobs: through the job store, never a shared disk. A File in a
 * job's arguments or result has `location: toilfile://<FileID>` and no `path`; a Directory has a `toil:tree` of its
 * whole content (names to FileIDs, nested objects for sub-folders). A job downloads what it is given into its own
 * temp folder before it runs, and uploads what it made (or passes an input on unchanged, by the same FileID).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isFileLike, isPlainObject } from '../types/check.js';
import { localPath, type FileObject } from '../types/file-objects.js';

/** The scheme of a File that lives in the job store. */
export const TOIL_FILE = 'toilfile://';
/** The key of a Directory's content in the job store (removed before anything is printed or given to a tool). */
export const TREE = 'toil:tree';

/**
 * The key of a Directory's tree saved as a job store file of its own (a FileID string), in workflows that update
 * files in place (InplaceUpdateRequirement): a job that changes the folder updates that file, and a later job
 * given the same Directory value downloads the tree it holds instead of the value's snapshot (toil/inplace.ts).
 */
export const TREE_FILE = 'toil:treeFile';

/** A folder's content: a file's FileID string, or a nested folder. */
export type Tree = { [name: string]: string | Tree };

/** Puts a local file into the job store and gives its FileID string. */
export type Upload = (path: string) => Promise<string>;
/** Writes the job store file `id` at `dest`. */
export type Download = (id: string, dest: string) => Promise<void>;

/** Saving and reading Directory trees as job store files (TREE_FILE), in workflows that update in place. */
export interface TreeFiles {
  /** Stores a tree; its FileID string. */
  save(tree: Tree): Promise<string>;
  /** The tree a TREE_FILE holds now. */
  load(id: string): Promise<Tree>;
  /** Local folder → TREE_FILE of each Directory downloaded, for writing changes back after the tool. */
  folders: Map<string, string>;
}

/** The FileID string of a File in the job store, or undefined. */
export function storedId(object: Record<string, unknown>): string | undefined {
  const location = object.location;
  return typeof location === 'string' && location.startsWith(TOIL_FILE) ? location.slice(TOIL_FILE.length) : undefined;
}

/**
 * Uploads every local File and Directory inside `value`, in place: `location` becomes `toilfile://...` and `path`,
 * `dirname` go. `known` maps local paths to FileIDs already stored (inputs passed through), so they are not
 * stored twice. Literals (contents or listing only) travel as they are.
 */
export async function uploadFiles(
  value: unknown,
  upload: Upload,
  known: Map<string, string>,
  trees?: TreeFiles,
): Promise<void> {
  if (Array.isArray(value)) {
    for (const item of value) await uploadFiles(item, upload, known, trees);
    return;
  }
  if (isFileLike(value)) {
    const object = value as FileObject;
    const path = localPath(object);
    if (path !== undefined && storedId(object) === undefined && existsSync(path)) {
      // In a workflow that updates in place, an output may be an input's folder reached through the link the tool
      // was given (InitialWorkDir): its files are the input's, already stored (inplace.ts keys them by real path).
      const stored = (p: string) => known.get(p) ?? (trees === undefined ? undefined : known.get(realpathSync(p)));
      const once = async (p: string) => stored(p) ?? remember(known, p, await upload(p));
      if (object.class === 'File') object.location = `${TOIL_FILE}${await once(path)}`;
      else {
        object[TREE] = await uploadTree(path, once);
        if (trees !== undefined) object[TREE_FILE] = await trees.save(object[TREE] as Tree);
        object.location = `${TOIL_FILE}dir/${encodeURIComponent(String(object.basename ?? basename(path)))}`;
      }
      delete object.path;
      delete object.dirname;
    }
    for (const key of ['secondaryFiles', 'listing'] as const) {
      if (Array.isArray(object[key])) await uploadFiles(object[key], upload, known, trees);
    }
    return;
  }
  if (isPlainObject(value)) for (const key of Object.keys(value)) await uploadFiles(value[key], upload, known, trees);
}

function remember(known: Map<string, string>, path: string, id: string): string {
  known.set(path, id);
  return id;
}

async function uploadTree(dir: string, upload: (path: string) => Promise<string>): Promise<Tree> {
  const tree: Tree = {};
  for (const name of readdirSync(dir).sort()) {
    const child = join(dir, name);
    tree[name] = statSync(child).isDirectory() ? await uploadTree(child, upload) : await upload(child);
  }
  return tree;
}

/**
 * Downloads every stored File and Directory inside `value` under `root`, in place: each gets a local `path` (a
 * File with its secondary files in one fresh folder, so they sit side by side as CWL requires). `known` records
 * the local path of each FileID, for uploadFiles to recognise inputs passed through.
 */
export async function downloadFiles(
  value: unknown,
  root: string,
  download: Download,
  known: Map<string, string>,
  trees?: TreeFiles,
): Promise<void> {
  if (Array.isArray(value)) {
    for (const item of value) await downloadFiles(item, root, download, known, trees);
    return;
  }
  if (isFileLike(value)) {
    await downloadObject(value as FileObject, mkdtempSync(join(root, 'in-')), root, download, known, trees);
    return;
  }
  if (isPlainObject(value))
    for (const key of Object.keys(value)) await downloadFiles(value[key], root, download, known, trees);
}

async function downloadObject(
  object: FileObject,
  dir: string,
  root: string,
  download: Download,
  known: Map<string, string>,
  trees: TreeFiles | undefined,
): Promise<void> {
  const id = storedId(object);
  if (id !== undefined) {
    const target = join(dir, String(object.basename ?? 'input'));
    if (object.class === 'File') {
      await download(id, target);
      known.set(target, id);
    } else {
      const snapshot = (object[TREE] ?? {}) as Tree;
      const treeFile = typeof object[TREE_FILE] === 'string' ? object[TREE_FILE] : undefined;
      // In a workflow that updates in place, the folder as the last job that changed it left it.
      const tree = trees !== undefined && treeFile !== undefined ? await trees.load(treeFile) : snapshot;
      await downloadTree(tree, target, download, known);
      if (trees !== undefined && treeFile !== undefined) trees.folders.set(target, treeFile);
      delete object[TREE];
      delete object[TREE_FILE];
      // A listing of the snapshot may name what is gone: binding lists the folder again (as LoadListing asks).
      if (tree !== snapshot && JSON.stringify(tree) !== JSON.stringify(snapshot)) delete object.listing;
      if (Array.isArray(object.listing)) rebase(object.listing as FileObject[], target);
    }
    setLocal(object, target);
  } else if (Array.isArray(object.listing)) {
    // A literal Directory: its entries may be stored files.
    await downloadFiles(object.listing, root, download, known, trees);
  }
  for (const secondary of (object.secondaryFiles ?? []) as FileObject[]) {
    await downloadObject(
      secondary,
      // Beside a stored primary (in its folder); a literal's secondary files get folders of their own.
      id === undefined ? mkdtempSync(join(root, 'in-')) : dir,
      root,
      download,
      known,
      trees,
    );
  }
}

async function downloadTree(tree: Tree, dir: string, download: Download, known: Map<string, string>): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (const [name, entry] of Object.entries(tree)) {
    const target = join(dir, name);
    if (typeof entry === 'string') {
      await download(entry, target);
      known.set(target, entry);
    } else await downloadTree(entry, target, download, known);
  }
}

/** Points a listing's entries at their copies under `dir` (they were downloaded with the Directory). */
export function rebase(listing: FileObject[], dir: string): void {
  for (const child of listing) {
    const target = join(dir, String(child.basename));
    delete child[TREE];
    delete child[TREE_FILE];
    setLocal(child, target);
    if (Array.isArray(child.listing)) rebase(child.listing as FileObject[], target);
  }
}

function setLocal(object: FileObject, target: string): void {
  object.path = target;
  object.location = pathToFileURL(target).href;
  object.dirname = join(target, '..');
}
