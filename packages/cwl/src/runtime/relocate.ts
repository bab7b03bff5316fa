/**
 * Moving the final outputs into `--outdir`: every File and Directory of the output object is copied there (under
 * its basename, made unique), and the object's location and path point to the copy.
 */
import { cpSync, existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isFileLike, isPlainObject } from '../types/check.js';
import { localPath, type FileObject } from '../types/file-objects.js';
import { materialize } from '../tool/stage.js';

/** Copies the files of `value` into `outdir`, rewriting their locations in place. */
export function relocate(value: unknown, outdir: string, taken: Taken = { names: new Set(), copies: new Map() }): void {
  if (Array.isArray(value)) {
    for (const item of value) relocate(item, outdir, taken);
    return;
  }
  if (isFileLike(value)) {
    relocateObject(value as FileObject, outdir, taken);
    return;
  }
  if (isPlainObject(value)) for (const key of Object.keys(value)) relocate(value[key], outdir, taken);
}

/** Names used in the output folder, and what each source was copied to (keyed by real path and basename). */
interface Taken {
  names: Set<string>;
  copies: Map<string, string>;
}

function relocateObject(object: FileObject, outdir: string, taken: Taken): void {
  const source = localPath(object);
  const base = String(object.basename ?? 'output');
  // One file reached by two outputs (a folder updated in place, then listed twice) is copied once.
  const key = source === undefined || !existsSync(source) ? undefined : `${realpathSync(source)}\0${base}`;
  const earlier = key === undefined ? undefined : taken.copies.get(key);
  let target = earlier ?? join(outdir, base);
  if (earlier === undefined) {
    for (let n = 2; taken.names.has(target) || existsSync(target); n++) target = join(outdir, `${base}_${n}`);
    taken.names.add(target);
    if (key !== undefined) taken.copies.set(key, target);
    if (source === undefined) materialize(object, target, true);
    else cpSync(source, target, { recursive: true, dereference: true });
  }
  if (object.class === 'Directory' && Array.isArray(object.listing)) rebase(object.listing as FileObject[], target);
  object.location = pathToFileURL(target).href;
  object.path = target;
  for (const child of (object.secondaryFiles ?? []) as FileObject[]) relocateObject(child, outdir, taken);
}

function rebase(listing: FileObject[], dir: string): void {
  for (const child of listing) {
    const target = join(dir, String(child.basename));
    child.location = pathToFileURL(target).href;
    child.path = target;
    if (Array.isArray(child.listing)) rebase(child.listing as FileObject[], target);
  }
}
