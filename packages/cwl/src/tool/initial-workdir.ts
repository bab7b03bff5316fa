/**
 * InitialWorkDirRequirement: the listing (objects, Dirents, expressions) put into the output directory before the
 * tool starts. Inputs staged this way see their new path in `inputs`, as the spec asks.
 */
import { existsSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, normalize, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CwlToolFailedError } from '../errors.js';
import { evaluate, type ExprContext } from '../expr/evaluate.js';
import { pythonJson } from '../expr/format.js';
import type { Requirement } from '../model.js';
import { isFileLike, isPlainObject } from '../types/check.js';
import { localPath, type FileObject } from '../types/file-objects.js';
import { materialize } from './stage.js';

/** Where the listing goes. */
export interface StagingPlace {
  /** The output directory. */
  outdir: string;
  /**
   * The tool runs in a container: an absolute entryname is then a path in the container, staged under
   * `absoluteRoot()` on the host and mounted there. Without a container an absolute entryname is refused.
   */
  container: boolean;
  /** A fresh host folder for entries with absolute names (made on first use). */
  absoluteRoot: () => string;
  /** The container's output directory (dockerOutputDirectory), where that differs from `outdir`. */
  containerOutdir?: string;
  /**
   * InplaceUpdateRequirement: writable entries are linked, not copied, so the tool changes the original (which
   * later steps then see).
   */
  inplaceUpdate?: boolean;
}

/** What staging did, for the run and the output collection. */
export interface StagingResult {
  /** Real paths of the files and folders linked into the output directory (outputs may point at them). */
  staged: string[];
  /** Host files put at absolute paths in the container (mounted read-only there). */
  mounts: { host: string; container: string }[];
}

/** Stages the requirement's listing into `place.outdir` (and, in a container, at absolute paths). */
export async function stageInitialWorkDir(
  req: Requirement,
  ctx: ExprContext,
  place: StagingPlace,
): Promise<StagingResult> {
  const listing = await evaluate(req.listing, ctx);
  const entries = Array.isArray(listing) ? listing : [listing];
  const result: StagingResult = { staged: [], mounts: [] };
  for (const entry of entries.flat()) await stageEntry(entry, ctx, place, result);
  return result;
}

async function stageEntry(entry: unknown, ctx: ExprContext, at: StagingPlace, result: StagingResult): Promise<void> {
  if (entry === null || entry === undefined) return;
  if (typeof entry === 'string') {
    const value = await evaluate(entry, ctx);
    const list = Array.isArray(value) ? value : [value];
    for (const item of list) await stageEntry(item, ctx, at, result);
    return;
  }
  if (isFileLike(entry)) {
    placeObject(entry as FileObject, undefined, false, at, ctx, result);
    return;
  }
  if (!isPlainObject(entry))
    throw new CwlToolFailedError(`InitialWorkDirRequirement: bad entry ${JSON.stringify(entry)}`);
  if ('entry' in entry) {
    const name = entry.entryname === undefined ? undefined : String(await evaluate(entry.entryname, ctx));
    // Only an entry that is exactly one expression gives a value (a File to stage); with a block scalar's newline
    // it is text, values in it written as JSON the way the suite's checksums expect.
    const value = await evaluate(entry.entry, ctx, null, { keepSpace: true, toText: jsonText });
    const writable = entry.writable === true && at.inplaceUpdate !== true;
    if (isFileLike(value)) placeObject(value as FileObject, name, writable, at, ctx, result);
    else if (Array.isArray(value) && value.every(isFileLike)) {
      for (const item of value) placeObject(item as FileObject, undefined, writable, at, ctx, result);
    } else if (value !== null) {
      if (name === undefined)
        throw new CwlToolFailedError('InitialWorkDirRequirement: a Dirent with text needs an entryname');
      const { host } = targetOf(name, at, result);
      mkdirSync(dirname(host), { recursive: true });
      // Text that is not a string is written as JSON (CWL v1.2).
      writeFileSync(host, jsonText(value));
    }
  }
}

/**
 * Where an entry named `name` goes on the host, and the path the tool sees. A relative name stays inside the
 * output directory; an absolute one is allowed only in a container (spec: "the entryname may be an absolute path
 * only when running in a container"), where it is mounted from a host copy.
 */
function targetOf(name: string, at: StagingPlace, result: StagingResult): { host: string; seen: string } {
  if (isAbsolute(name)) {
    if (!at.container) {
      throw new CwlToolFailedError(
        `InitialWorkDirRequirement: the entryname '${name}' is absolute, which needs a DockerRequirement in ` +
          "'requirements' (the tool runs in a container); use a name relative to the output directory.",
      );
    }
    const inOutdir = [at.outdir, at.containerOutdir].find((dir) => dir !== undefined && name.startsWith(`${dir}/`));
    if (inOutdir !== undefined) return { host: join(at.outdir, relative(inOutdir, name)), seen: name };
    const host = join(at.absoluteRoot(), name);
    result.mounts.push({ host, container: name });
    return { host, seen: name };
  }
  const clean = normalize(name);
  if (clean === '..' || clean.startsWith('../')) {
    throw new CwlToolFailedError(
      `InitialWorkDirRequirement: the entryname '${name}' points outside the output directory; ` +
        'use a name inside it (or an absolute path in a container).',
    );
  }
  const host = join(at.outdir, clean);
  return { host, seen: host };
}

function placeObject(
  object: FileObject,
  name: string | undefined,
  writable: boolean,
  at: StagingPlace,
  ctx: ExprContext,
  result: StagingResult,
): void {
  const before = localPath(object);
  const entryName = name ?? (typeof object.basename === 'string' ? object.basename : basename(before ?? 'entry'));
  const { host, seen } = targetOf(entryName, at, result);
  mkdirSync(dirname(host), { recursive: true });
  const copy = { ...object } as FileObject;
  // The same file staged twice (as a secondary file and on its own) is linked once.
  const already = before !== undefined && existsSync(host) && existsSync(before) && sameFile(host, before);
  // A file at an absolute container path is a copy: a link there would point at a path the container lacks.
  if (already) Object.assign(copy, { path: host, location: pathToFileURL(host).href });
  else materialize(copy, host, writable || host !== seen);
  if (host !== seen) Object.assign(copy, { path: seen, location: pathToFileURL(seen).href });
  // A file's secondary files are staged beside it, where the tool looks for them.
  for (const secondary of (object.secondaryFiles ?? []) as FileObject[]) {
    const secondaryName = typeof secondary.basename === 'string' ? secondary.basename : undefined;
    if (secondaryName === undefined || secondaryName.includes('/')) continue;
    const secondaryEntry = join(dirname(entryName), secondaryName);
    // Listed on its own too: staged once.
    if (!isAbsolute(secondaryEntry) && existsSync(join(at.outdir, secondaryEntry))) continue;
    placeObject(secondary, secondaryEntry, writable, at, ctx, result);
  }
  if (before === undefined) return;
  repoint(ctx.inputs, before, copy);
  if (existsSync(before)) result.staged.push(realpathSync(before));
}

function sameFile(a: string, b: string): boolean {
  return realpathSync(a) === realpathSync(b);
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
