/**
 * InitialWorkDirRequirement: the listing (objects, Dirents, expressions) put into the output directory before the
 * tool starts. Inputs staged this way see their new path in `inputs`, as the spec asks.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CwlToolFailedError } from '../errors.js';
import { evaluate, type ExprContext } from '../expr/evaluate.js';
import { pythonJson } from '../expr/format.js';
import type { Requirement } from '../model.js';
import { isFileLike, isPlainObject } from '../types/check.js';
import { localPath, type FileObject } from '../types/file-objects.js';
import { materialize } from './stage.js';

/** Stages the requirement's listing into `outdir`. */
export async function stageInitialWorkDir(req: Requirement, ctx: ExprContext, outdir: string): Promise<void> {
  const listing = await evaluate(req.listing, ctx);
  const entries = Array.isArray(listing) ? listing : [listing];
  for (const entry of entries.flat()) await stageEntry(entry, ctx, outdir);
}

async function stageEntry(entry: unknown, ctx: ExprContext, outdir: string): Promise<void> {
  if (entry === null || entry === undefined) return;
  if (typeof entry === 'string') {
    const value = await evaluate(entry, ctx);
    const list = Array.isArray(value) ? value : [value];
    for (const item of list) await stageEntry(item, ctx, outdir);
    return;
  }
  if (isFileLike(entry)) {
    place(entry as FileObject, undefined, false, outdir, ctx);
    return;
  }
  if (!isPlainObject(entry))
    throw new CwlToolFailedError(`InitialWorkDirRequirement: bad entry ${JSON.stringify(entry)}`);
  if ('entry' in entry) {
    const name = entry.entryname === undefined ? undefined : String(await evaluate(entry.entryname, ctx));
    // Only an entry that is exactly one expression gives a value (a File to stage); with a block scalar's newline
    // it is text, values in it written as JSON the way the suite's checksums expect.
    const value = await evaluate(entry.entry, ctx, null, { keepSpace: true, toText: jsonText });
    const writable = entry.writable === true;
    if (isFileLike(value)) place(value as FileObject, name, writable, outdir, ctx);
    else if (Array.isArray(value) && value.every(isFileLike)) {
      for (const item of value) place(item as FileObject, undefined, writable, outdir, ctx);
    } else if (value !== null) {
      if (name === undefined)
        throw new CwlToolFailedError('InitialWorkDirRequirement: a Dirent with text needs an entryname');
      const target = join(outdir, name);
      mkdirSync(dirname(target), { recursive: true });
      // Text that is not a string is written as JSON (CWL v1.2).
      writeFileSync(target, jsonText(value));
    }
  }
}

function place(
  object: FileObject,
  name: string | undefined,
  writable: boolean,
  outdir: string,
  ctx: ExprContext,
): void {
  const before = localPath(object);
  const target = join(
    outdir,
    name ?? (typeof object.basename === 'string' ? object.basename : basename(before ?? 'entry')),
  );
  mkdirSync(dirname(target), { recursive: true });
  const copy = { ...object } as FileObject;
  materialize(copy, target, writable);
  if (before !== undefined) repoint(ctx.inputs, before, copy);
}

/** Gives every input object at `oldPath` the staged path. */
function repoint(value: unknown, oldPath: string, staged: FileObject): void {
  if (Array.isArray(value)) for (const item of value) repoint(item, oldPath, staged);
  else if (isFileLike(value)) {
    if (localPath(value) === oldPath) Object.assign(value, { path: staged.path, location: staged.location });
  } else if (isPlainObject(value)) for (const key of Object.keys(value)) repoint(value[key], oldPath, staged);
}

function jsonText(value: unknown): string {
  return typeof value === 'string' ? value : pythonJson(value);
}
