/**
 * Moving the final outputs into `--outdir`: every File and Directory of the output object is copied there (under
 * its basename, made unique), and the object's location and path point to the copy.
 */
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isFileLike, isPlainObject } from '../types/check.js';
import { localPath, type FileObject } from '../types/file-objects.js';
import { materialize } from '../tool/stage.js';

/** Copies the files of `value` into `outdir`, rewriting their locations in place. */
export function relocate(value: unknown, outdir: string, taken = new Set<string>()): void {
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

function relocateObject(object: FileObject, outdir: string, taken: Set<string>): void {
  const source = localPath(object);
  const base = String(object.basename ?? 'output');
  let target = join(outdir, base);
  for (let n = 2; taken.has(target) || existsSync(target); n++) target = join(outdir, `${base}_${n}`);
  taken.add(target);
  if (source === undefined) materialize(object, target, true);
  else cpSync(source, target, { recursive: true, dereference: true });
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
