/**
 * File and Directory objects: resolving `location`/`path` against a base folder, and filling in `basename`,
 * `nameroot`, `nameext`, `size` and (for outputs) `checksum`, as the CWL spec defines them.
 */
import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** A CWL File or Directory object. */
export type FileObject = Record<string, unknown> & { class: 'File' | 'Directory' };

/** The local path a File/Directory object refers to, or undefined for a literal (contents or listing only). */
export function localPath(object: Record<string, unknown>): string | undefined {
  if (typeof object.path === 'string') return object.path;
  const location = object.location;
  if (typeof location !== 'string') return undefined;
  if (location.startsWith('file://')) return fileURLToPath(location);
  if (location.startsWith('_:') || /^[a-z][a-z0-9+.-]*:\/\//i.test(location)) return undefined;
  // A location is a URI reference, so `%3A` is a colon and `%23` a hash mark in the file's name.
  return decodeURIComponent(location);
}

/** Splits a basename into nameroot and nameext as CWL does (`a.tar.gz` → `a.tar` + `.gz`; `.bashrc` has no ext). */
export function splitName(base: string): { nameroot: string; nameext: string } {
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return { nameroot: base, nameext: '' };
  return { nameroot: base.slice(0, dot), nameext: base.slice(dot) };
}

/**
 * Resolves relative locations against `baseDir` and fills in the name fields, recursively through secondaryFiles
 * and listings. Literals (no location) keep no path; they are written out when the tool is staged.
 */
export function resolveFileObject(object: FileObject, baseDir: string): FileObject {
  const path = localPath(object);
  if (path !== undefined) {
    const absolute = resolve(baseDir, path);
    object.path = absolute;
    object.location = pathToFileURL(absolute).href;
    object.basename ??= basename(absolute);
    object.dirname = dirname(absolute);
  } else if (object.location === undefined && typeof object.basename === 'string') {
    object.location = `_:${object.basename}`;
  }
  if (typeof object.basename === 'string' && object.class === 'File') Object.assign(object, splitName(object.basename));
  for (const key of ['secondaryFiles', 'listing'] as const) {
    const list = object[key];
    if (Array.isArray(list)) for (const child of list) resolveFileObject(child as FileObject, baseDir);
  }
  return object;
}

/** The SHA-1 of a file as CWL writes it (`sha1$<hex>`). */
export async function sha1Checksum(path: string): Promise<string> {
  const hash = createHash('sha1');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return `sha1$${hash.digest('hex')}`;
}

/** A File object for an existing local file, with size and checksum. */
export async function describeFile(path: string): Promise<FileObject> {
  const base = basename(path);
  return {
    class: 'File',
    location: pathToFileURL(path).href,
    path,
    basename: base,
    dirname: dirname(path),
    ...splitName(base),
    size: statSync(path).size,
    checksum: await sha1Checksum(path),
  };
}

/** A Directory object for an existing local folder, listed to `depth` levels (0 = no listing, Infinity = deep). */
export async function describeDirectory(path: string, depth: number): Promise<FileObject> {
  const object: FileObject = { class: 'Directory', location: pathToFileURL(path).href, path, basename: basename(path) };
  if (depth > 0) object.listing = await listDirectory(path, depth);
  return object;
}

/** The entries of a folder as File/Directory objects, sorted by name. */
export async function listDirectory(path: string, depth: number): Promise<FileObject[]> {
  const names = readdirSync(path).sort();
  const out: FileObject[] = [];
  for (const name of names) {
    const child = join(path, name);
    out.push(statSync(child).isDirectory() ? await describeDirectory(child, depth - 1) : await describeFile(child));
  }
  return out;
}
