/**
 * Staging: literal Files and Directories (`contents`, `listing` without a location) are written out, and a File
 * whose basename differs from its file's name is linked under its basename, so the tool sees what the input
 * object says. Staged objects get their new `path` in place.
 */
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isFileLike, isPlainObject } from '../types/check.js';
import { localPath, type FileObject } from '../types/file-objects.js';

/** Writes or links every File/Directory in `value` that needs it, under a fresh folder of `stageRoot`. */
export function stageInputs(value: unknown, stageRoot: string): void {
  if (Array.isArray(value)) {
    for (const item of value) stageInputs(item, stageRoot);
    return;
  }
  if (isFileLike(value)) {
    stageObject(value as FileObject, stageRoot);
    return;
  }
  if (isPlainObject(value)) for (const key of Object.keys(value)) stageInputs(value[key], stageRoot);
}

function stageObject(object: FileObject, stageRoot: string): void {
  const path = localPath(object);
  const name = typeof object.basename === 'string' ? object.basename : path === undefined ? 'file' : basename(path);
  if (path === undefined) {
    const target = join(mkdtempSync(join(stageRoot, 'lit-')), name);
    materialize(object, target, false);
  } else if (basename(path) !== name) {
    const target = join(mkdtempSync(join(stageRoot, 'ln-')), name);
    symlinkSync(path, target);
    setPath(object, target);
  }
  for (const child of (object.secondaryFiles ?? []) as FileObject[]) stageObject(child, stageRoot);
  if (object.class === 'Directory' && path !== undefined) {
    for (const child of (object.listing ?? []) as FileObject[]) {
      if (localPath(child) === undefined) stageObject(child, stageRoot);
    }
  }
}

/**
 * Puts `object` at `target`: a literal is written, a local file linked (or copied when `writable`, so the tool's
 * changes do not reach the original). The object's path becomes `target`.
 */
export function materialize(object: FileObject, target: string, writable: boolean): void {
  const source = localPath(object);
  if (object.class === 'File') {
    if (source === undefined) writeFileSync(target, typeof object.contents === 'string' ? object.contents : '');
    else if (writable) copyFileSync(source, target);
    else symlinkSync(source, target);
  } else if (source !== undefined) {
    if (writable) cpSync(source, target, { recursive: true });
    else symlinkSync(source, target);
  } else {
    mkdirSync(target, { recursive: true });
    for (const child of (object.listing ?? []) as FileObject[]) {
      const childName = typeof child.basename === 'string' ? child.basename : basename(localPath(child) ?? 'entry');
      materialize(child, join(target, childName), writable);
      // A file's secondary files travel with it into the folder.
      for (const secondary of (child.secondaryFiles ?? []) as FileObject[]) {
        const secondaryName = typeof secondary.basename === 'string' ? secondary.basename : 'secondary';
        materialize(secondary, join(target, secondaryName), writable);
      }
    }
  }
  setPath(object, target);
}

function setPath(object: FileObject, target: string): void {
  object.path = target;
  object.location = pathToFileURL(target).href;
  object.basename = basename(target);
}
