/**
 * The runner's side of WDL files: input Files and Directories imported into the job store before the workflow
 * starts (local paths, file://, http(s):// and any URL scheme a Toil plugin handles, through `Toil.importFile`),
 * and final outputs exported to an output directory once it ends, the results naming the exported paths.
 */
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { WdlValue } from '../values.js';
import { filesUnder, mapBindings } from './files.js';

/** What import and export need of `Toil` (its `importFile` and `exportFile`). */
export interface FileTransfer {
  importFile(url: string): Promise<{ readonly id: string }>;
  exportFile(id: string, url: string): Promise<void>;
}

/** True for `scheme://...` (a URL rather than a local path). */
export function isUrl(text: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
}

/**
 * Imports every File and Directory among the inputs into the job store and returns the inputs with their IDs. A
 * URL keeps its text as the value's path (tasks read the job-store copy); a local path that does not exist is
 * left without a copy, so the run fails where the document reads it, as it would without the file store.
 */
export async function importInputs(
  toil: FileTransfer,
  inputs: Array<[string, WdlValue]>,
): Promise<Array<[string, WdlValue]>> {
  const imported = new Map<string, string>();
  const importOnce = async (source: string): Promise<string | undefined> => {
    let id = imported.get(source);
    if (id === undefined) {
      try {
        id = (await toil.importFile(isUrl(source) ? source : pathToFileURL(source).href)).id;
      } catch {
        // A URL no plugin can read stays as it is: the run fails where the document reads it, naming it, and an
        // optional input that is never read does not stop the workflow.
        return undefined;
      }
      imported.set(source, id);
    }
    return id;
  };
  return mapBindings(inputs, async (v) => {
    if (v.t === 'file') {
      if (v.id !== undefined || (!isUrl(v.v) && !(existsSync(v.v) && statSync(v.v).isFile()))) return v;
      const id = await importOnce(v.v);
      return id === undefined ? v : { ...v, id };
    }
    if (v.listing !== undefined || isUrl(v.v) || !existsSync(v.v)) return v;
    const listing: Array<[string, string]> = [];
    for (const file of filesUnder(v.v)) {
      const id = await importOnce(file);
      if (id === undefined) return v;
      listing.push([relative(v.v, file), id]);
    }
    return { ...v, listing };
  });
}

/**
 * Exports every File and Directory of the outputs into `outDir` (created 0700 if missing) under its base name,
 * a numbered sub-folder when two outputs share a name, and returns the outputs naming the exported paths.
 */
export async function exportOutputs(
  toil: FileTransfer,
  outputs: Array<[string, WdlValue]>,
  outDir: string,
): Promise<Array<[string, WdlValue]>> {
  mkdirSync(outDir, { recursive: true, mode: 0o700 });
  const used = new Set<string>();
  const exported = new Map<string, string>();
  const destination = (source: string): string => {
    const name = basename(source);
    let dest = join(outDir, name);
    for (let n = 1; used.has(dest) || existsSync(dest); n++) dest = join(outDir, String(n), name);
    used.add(dest);
    mkdirSync(dirname(dest), { recursive: true, mode: 0o700 });
    return dest;
  };
  const exportFile = async (path: string, id: string | undefined, dest: string) => {
    mkdirSync(dirname(dest), { recursive: true, mode: 0o700 });
    // A file with no job-store copy (written by a workflow-level expression) is copied from its path.
    if (id === undefined) copyFileSync(path, dest);
    else await toil.exportFile(id, pathToFileURL(dest).href);
  };
  return mapBindings(outputs, async (v) => {
    const key = `${v.t}:${v.v}`;
    const done = exported.get(key);
    if (done !== undefined) return { ...v, v: done };
    if (v.t === 'file') {
      if (v.id === undefined && !existsSync(v.v)) return v;
      const dest = destination(v.v);
      await exportFile(v.v, v.id, dest);
      exported.set(key, dest);
      return { ...v, v: dest };
    }
    const listing =
      v.listing ?? (existsSync(v.v) ? filesUnder(v.v).map((f): [string, string] => [relative(v.v, f), '']) : undefined);
    if (listing === undefined) return v;
    const dest = destination(v.v);
    mkdirSync(dest, { recursive: true, mode: 0o700 });
    for (const [rel, id] of listing) await exportFile(join(v.v, rel), id === '' ? undefined : id, join(dest, rel));
    exported.set(key, dest);
    return { ...v, v: dest };
  });
}
