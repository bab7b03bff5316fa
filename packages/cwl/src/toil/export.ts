/**
 * The final outputs of a Toil run into `--outdir`: each stored File is exported from the job store (Toil's
 * exportFile) under its basename, made unique; a Directory is rebuilt from its tree; literals are written out.
 * Objects are rewritten in place to point at the copies, as the in-process runner's relocate does.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { materialize } from '../tool/stage.js';
import { isFileLike, isPlainObject } from '../types/check.js';
import type { FileObject } from '../types/file-objects.js';
import { rebase, storedId, TREE, TREE_FILE, type Tree } from './files.js';

/** Exports job store file `id` to the local path `dest`. */
export type Exporter = (id: string, dest: string) => Promise<void>;

/** Exports every File and Directory of `value` into `outdir`, rewriting their locations in place. */
export async function exportOutputs(
  value: unknown,
  outdir: string,
  exporter: Exporter,
  taken = new Set<string>(),
): Promise<void> {
  if (Array.isArray(value)) {
    for (const item of value) await exportOutputs(item, outdir, exporter, taken);
    return;
  }
  if (isFileLike(value)) {
    await exportObject(value as FileObject, outdir, exporter, taken);
    return;
  }
  if (isPlainObject(value))
    for (const key of Object.keys(value)) await exportOutputs(value[key], outdir, exporter, taken);
}

/**
 * Per folder being filled (its `taken` set): the target of each stored File already exported there, by FileID and
 * basename, so one file reached by two outputs is copied once (as relocate.ts does on disk: a folder updated in
 * place and listed by two outputs, conformance `modify_directory_content`).
 */
const exportedIn = new WeakMap<Set<string>, Map<string, string>>();

async function exportObject(object: FileObject, outdir: string, exporter: Exporter, taken: Set<string>) {
  const base = String(object.basename ?? 'output');
  const id = storedId(object);
  let exported = exportedIn.get(taken);
  if (exported === undefined) exportedIn.set(taken, (exported = new Map()));
  const key = `${id}\0${base}`;
  let target = id !== undefined && object.class === 'File' ? exported.get(key) : undefined;
  const again = target !== undefined;
  if (target === undefined) {
    target = join(outdir, base);
    for (let n = 2; taken.has(target) || existsSync(target); n++) target = join(outdir, `${base}_${n}`);
    taken.add(target);
  }
  if (id !== undefined && object.class === 'File') {
    if (!again) await exporter(id, target);
    exported.set(key, target);
  } else if (id !== undefined) await exportTree((object[TREE] ?? {}) as Tree, target, exporter);
  else if (object.class === 'Directory') {
    // A literal folder: each entry (stored or literal) is put inside it under its own name.
    mkdirSync(target, { recursive: true });
    const inside = new Set<string>();
    for (const child of (object.listing ?? []) as FileObject[]) await exportObject(child, target, exporter, inside);
  } else materialize(object, target, true);
  delete object[TREE];
  // The tree's job store copy (workflows that update in place) is internal; the snapshot above is what is exported.
  delete object[TREE_FILE];
  if (id !== undefined && object.class === 'Directory' && Array.isArray(object.listing))
    rebase(object.listing as FileObject[], target);
  object.location = pathToFileURL(target).href;
  object.path = target;
  delete object.dirname;
  for (const child of (object.secondaryFiles ?? []) as FileObject[]) await exportObject(child, outdir, exporter, taken);
}

async function exportTree(tree: Tree, dir: string, exporter: Exporter): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (const [name, entry] of Object.entries(tree)) {
    if (typeof entry === 'string') await exporter(entry, join(dir, name));
    else await exportTree(entry, join(dir, name), exporter);
  }
}
