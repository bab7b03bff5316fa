/**
 * Staging: literal Files and Directories (`contents`, `listing` without a location) are written out, and a File
 * whose basename differs from its file's name is linked under its basename, so the tool sees what the input
 * object says. Staged objects get their new `path` in place.
 */
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
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
  if (object.class === 'File' && !secondariesBeside(object, path, name)) {
    stageTogether(object, name, mkdtempSync(join(stageRoot, 'sec-')));
    return;
  }
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
 * True when every secondary file already sits beside its primary under its basename, as the tool must find it
 * (secondary files from other folders, renamed by an expression or written out as literals must be gathered).
 */
function secondariesBeside(object: FileObject, path: string | undefined, name: string): boolean {
  const secondaries = (object.secondaryFiles ?? []) as FileObject[];
  if (secondaries.length === 0) return true;
  if (path === undefined || basename(path) !== name) return false;
  return secondaries.every((secondary) => {
    const secondaryPath = localPath(secondary);
    if (secondaryPath === undefined) return false;
    const wanted = typeof secondary.basename === 'string' ? secondary.basename : basename(secondaryPath);
    return join(dirname(path), wanted) === secondaryPath;
  });
}

/** Links (or writes) a primary file and its secondary files into one fresh folder, each under its basename. */
function stageTogether(object: FileObject, name: string, folder: string): void {
  materialize(object, join(folder, name), false);
  for (const secondary of (object.secondaryFiles ?? []) as FileObject[]) {
    const source = localPath(secondary);
    const secondaryName =
      typeof secondary.basename === 'string'
        ? secondary.basename
        : source === undefined
          ? 'secondary'
          : basename(source);
    materialize(secondary, join(folder, secondaryName), false);
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
  if ('dirname' in object) object.dirname = dirname(target);
}
