/**
 * WDL File and Directory values through the Toil file store. A value keeps its path (`v`, what the standard
 * library and commands use) and gains the job-store copy: `id` for a File, `listing` (relative path and ID of
 * every file inside) for a Directory. Task outputs are written to the job store when the task ends
 * (`storeFiles`); a task run on a node where an input's path does not exist reads it from the job store into the
 * task's directory first (`localiseFiles`), so batch systems without a shared disk work; the runner exports final
 * outputs (`exportFiles`). Walking values is generic over their shape, so Files inside arrays, maps, pairs and
 * structs move too.
 */
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative } from 'node:path';
import type { FileStore } from '@toil/core';
import type { WdlValue } from '../values.js';

/** A File value (with its job-store copy `id` once it has one). */
export type StoredFile = Extract<WdlValue, { t: 'file' }>;
/** A Directory value (with the job-store copies of its files by relative path, `listing`, once it has them). */
export type StoredDir = Extract<WdlValue, { t: 'dir' }>;

/** Rebuilds a value with `fn` applied (in order, one at a time) to every File and Directory inside it. */
export async function mapFiles(
  value: WdlValue,
  fn: (v: StoredFile | StoredDir) => Promise<WdlValue>,
): Promise<WdlValue> {
  switch (value.t) {
    case 'file':
    case 'dir':
      return fn(value);
    case 'array': {
      const items: WdlValue[] = [];
      for (const x of value.items) items.push(await mapFiles(x, fn));
      return { t: 'array', items };
    }
    case 'pair':
      return { t: 'pair', left: await mapFiles(value.left, fn), right: await mapFiles(value.right, fn) };
    case 'map': {
      const entries: Array<[WdlValue, WdlValue]> = [];
      for (const [k, v] of value.entries) entries.push([k, await mapFiles(v, fn)]);
      return { t: 'map', entries };
    }
    case 'object': {
      const members: Array<[string, WdlValue]> = [];
      for (const [k, v] of value.members) members.push([k, await mapFiles(v, fn)]);
      return { ...value, members };
    }
    default:
      return value;
  }
}

/** Applies `mapFiles` to every binding's value. */
export async function mapBindings(
  bindings: Array<[string, WdlValue]>,
  fn: (v: StoredFile | StoredDir) => Promise<WdlValue>,
): Promise<Array<[string, WdlValue]>> {
  const out: Array<[string, WdlValue]> = [];
  for (const [k, v] of bindings) out.push([k, await mapFiles(v, fn)]);
  return out;
}

/**
 * Writes every File and Directory in `bindings` that exists on this node and has no job-store copy yet to the job
 * store (a task's outputs), and returns the bindings with their IDs. The same file named twice is written once.
 */
export async function storeFiles(
  fs: FileStore,
  bindings: Array<[string, WdlValue]>,
): Promise<Array<[string, WdlValue]>> {
  const written = new Map<string, string>();
  const store = async (path: string): Promise<string> => {
    let id = written.get(path);
    if (id === undefined) {
      id = (await fs.writeGlobalFile(path)).id;
      written.set(path, id);
    }
    return id;
  };
  return mapBindings(bindings, async (v) => {
    if (v.t === 'file') {
      if (v.id !== undefined || !existsSync(v.v) || !statSync(v.v).isFile()) return v;
      return { ...v, id: await store(v.v) };
    }
    if (v.listing !== undefined || !existsSync(v.v)) return v;
    const listing: Array<[string, string]> = [];
    for (const file of filesUnder(v.v)) listing.push([relative(v.v, file), await store(file)]);
    return { ...v, listing };
  });
}

/**
 * Makes every File and Directory in `bindings` readable at its path on this node: one whose path does not exist
 * here is read from the job store into `dir` and its path changed to the copy. An absolute path is kept whole
 * under `dir` (`dir/abs/<path>`), so values that were siblings, or a File inside a Directory, stay so (WDL's
 * sibling_directories) and two inputs of the same base name do not collide; a URL gets a numbered folder keeping
 * its base name. Values without a job-store copy are left as they are.
 */
export async function localiseFiles(
  fs: FileStore,
  bindings: Array<[string, WdlValue]>,
  dir: string,
): Promise<Array<[string, WdlValue]>> {
  let n = 0;
  const target = (path: string): string => {
    if (isAbsolute(path)) return join(dir, 'abs', path);
    return join(dir, 'url', String(n++), basename(path));
  };
  const read = async (id: string, path: string) => {
    // A File inside a Directory that is localised too is already there.
    if (existsSync(path)) return;
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    await fs.readGlobalFile(id, path);
  };
  return mapBindings(bindings, async (v) => {
    if (existsSync(v.v)) return v;
    if (v.t === 'file') {
      if (v.id === undefined) return v;
      const path = target(v.v);
      await read(v.id, path);
      return { ...v, v: path };
    }
    if (v.listing === undefined) return v;
    const root = target(v.v.replace(/\/+$/, ''));
    for (const [rel, id] of v.listing) await read(id, join(root, rel));
    mkdirSync(root, { recursive: true, mode: 0o700 });
    return { ...v, v: root };
  });
}

/** Every regular file under a directory, depth first (symbolic links followed as the task left them). */
export function filesUnder(root: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (statSync(path).isFile()) out.push(path);
  }
  return out;
}
