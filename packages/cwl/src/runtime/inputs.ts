/**
 * Binding an input object to a process: defaults filled in, File/Directory objects resolved against the folder
 * they were written in, types checked, contents, listings and secondary files loaded.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { CwlInputError } from '../errors.js';
import type { CwlType, Parameter } from '../model.js';
import { branchFor, describeType, isFileLike, isPlainObject, matches } from '../types/check.js';
import { localPath, resolveFileObject, type FileObject } from '../types/file-objects.js';
import { expandFormat } from '../loader/normalize.js';
import { secondaryPath } from './secondary.js';
import { evaluateParamRef } from '../expr/paramref.js';
import { scan } from '../expr/scan.js';

/** Largest `contents` CWL allows to load (64 KiB). */
export const CONTENTS_LIMIT = 64 * 1024;

/** Binds `job` (values from a job file in `jobDir`) to `params` of a process read from `processFile`. */
export function bindInputs(
  params: Parameter[],
  job: Record<string, unknown>,
  jobDir: string,
  processFile: string,
  listingDefault = 'no_listing',
  discoverSecondary = true,
  namespaces: Record<string, string> = {},
): Record<string, unknown> {
  const bound: Record<string, unknown> = {};
  for (const param of params) {
    let value = job[param.id];
    let baseDir = jobDir;
    if ((value === undefined || value === null) && param.default !== undefined) {
      value = structuredClone(param.default);
      baseDir = dirname(processFile);
    }
    value = resolveFiles(value ?? null, baseDir);
    if (!matches(value, param.type)) {
      const what = value === null ? 'is missing' : `is ${JSON.stringify(value)}`;
      throw new CwlInputError(`Input '${param.id}' ${what}; it must be ${describeType(param.type)}.`);
    }
    prepareFiles(value, param.type, param, { listingDefault, discoverSecondary, namespaces, job });
    bound[param.id] = value;
  }
  return bound;
}

/** Resolves every File/Directory inside `value` against `baseDir`. */
export function resolveFiles(value: unknown, baseDir: string): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveFiles(item, baseDir));
  if (isFileLike(value)) return resolveFileObject(value as FileObject, baseDir);
  if (isPlainObject(value)) {
    for (const key of Object.keys(value)) value[key] = resolveFiles(value[key], baseDir);
  }
  return value;
}

/** How input files are prepared. */
interface PrepareOptions {
  /** The LoadListingRequirement in effect. */
  listingDefault: string;
  /** Look for secondary files beside the primary (a job file's inputs); false for step inputs, which carry theirs. */
  discoverSecondary: boolean;
  /** The process's `$namespaces`, which a job file's `format` prefixes refer to. */
  namespaces: Record<string, string>;
  /** The input object, for parameter references in secondaryFiles `required`. */
  job: Record<string, unknown>;
}

function prepareFiles(value: unknown, type: CwlType, param: Parameter, options: PrepareOptions): void {
  const branch = branchFor(value, type);
  if (branch === undefined || value === null) return;
  if (Array.isArray(value)) {
    const items = typeof branch === 'object' && branch.type === 'array' ? branch.items : 'Any';
    for (const item of value) prepareFiles(item, items, param, options);
    return;
  }
  if (isFileLike(value)) {
    prepareFile(value as FileObject, param, options);
    return;
  }
  if (isPlainObject(value) && typeof branch === 'object' && branch.type === 'record') {
    for (const field of branch.fields) {
      const fieldParam: Parameter = {
        ...field,
        id: field.name,
        secondaryFiles: field.secondaryFiles,
        loadContents: field.loadContents,
      };
      prepareFiles(value[field.name] ?? null, field.type, fieldParam, options);
    }
  }
}

function prepareFile(file: FileObject, param: Parameter, options: PrepareOptions): void {
  const path = localPath(file);
  if (path !== undefined && !existsSync(path)) {
    throw new CwlInputError(`Input '${param.id}': the ${file.class} '${path}' does not exist.`);
  }
  if (file.format !== undefined) file.format = expandFormat(file.format, options.namespaces);
  if (file.class === 'File') {
    if (path !== undefined) file.size ??= statSync(path).size;
    else if (typeof file.contents === 'string') file.size ??= Buffer.byteLength(file.contents);
    if (param.loadContents === true && path !== undefined) file.contents = readContents(path, param.id);
    if (param.secondaryFiles !== undefined && path !== undefined) attachSecondary(file, path, param, options);
  } else if (path !== undefined && param.loadListing !== undefined && param.loadListing !== 'no_listing') {
    // A parameter's own loadListing lists the folder as it is now: an earlier step may have changed it in place.
    file.listing = listSync(path, param.loadListing === 'deep_listing' ? Infinity : 1);
  } else if (Array.isArray(file.listing)) {
    // The entries of a listing written in the input object get their sizes too (a ResourceRequirement may use them).
    const plain: Parameter = { ...param, secondaryFiles: undefined, loadContents: undefined };
    // A shallow listing stops at these entries: a Toil job binds again what the leader bound and listed, and its
    // sub-folders must not gain listings there.
    const childOptions: PrepareOptions =
      options.listingDefault === 'shallow_listing' ? { ...options, listingDefault: 'no_listing' } : options;
    for (const child of file.listing) if (isFileLike(child)) prepareFile(child as FileObject, plain, childOptions);
  } else if (path !== undefined && file.listing === undefined) {
    const mode = param.loadListing ?? options.listingDefault;
    // Listings of inputs are synchronous here: they are small and bound once per run.
    if (mode !== 'no_listing') file.listing = listSync(path, mode === 'deep_listing' ? Infinity : 1);
  }
}

function attachSecondary(file: FileObject, path: string, param: Parameter, options: PrepareOptions): void {
  const have = (file.secondaryFiles ?? []) as FileObject[];
  for (const schema of param.secondaryFiles ?? []) {
    if (schema.pattern.includes('$(') || schema.pattern.includes('${')) continue;
    const wanted = secondaryPath(path, schema.pattern);
    if (have.some((s) => localPath(s) === wanted)) continue;
    if (options.discoverSecondary && existsSync(wanted)) {
      have.push(
        resolveFileObject({ class: statSync(wanted).isDirectory() ? 'Directory' : 'File', location: wanted }, '/'),
      );
    } else if (isRequired(schema.required, options.job) && !schema.pattern.endsWith('?')) {
      throw new CwlInputError(`Input '${param.id}': the secondary file '${wanted}' does not exist.`);
    }
  }
  file.secondaryFiles = have;
}

/** The first 64 KiB of a file; a larger file is an error, as CWL v1.2 requires. */
export function readContents(path: string, what: string): string {
  const data = readFileSync(path);
  if (data.length > CONTENTS_LIMIT) {
    throw new CwlInputError(`'${what}': loadContents of '${path}' is over the 64 KiB limit (${data.length} bytes).`);
  }
  return data.toString('utf8');
}

function listSync(path: string, depth: number): FileObject[] {
  return readdirSync(path)
    .sort()
    .map((name) => {
      const child = `${path}/${name}`;
      const isDir = statSync(child).isDirectory();
      const object = resolveFileObject({ class: isDir ? 'Directory' : 'File', location: child }, '/');
      if (isDir && depth > 1) object.listing = listSync(child, depth - 1);
      if (!isDir) object.size = statSync(child).size;
      return object;
    });
}

/**
 * Whether a secondary file must exist: true unless `required` is false. Binding has no JavaScript, so a `required`
 * expression is evaluated only when it is a parameter reference (on the input object); JavaScript counts as false.
 */
function isRequired(required: boolean | string | undefined, job: Record<string, unknown>): boolean {
  if (typeof required !== 'string') return required !== false;
  const segments = scan(required.trim());
  const only = segments.length === 1 ? segments[0] : undefined;
  if (only?.kind !== 'paren') return false;
  try {
    return evaluateParamRef(only.code, { inputs: job, self: null, runtime: {} }) === true;
  } catch {
    return false;
  }
}
