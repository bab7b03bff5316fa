/**
 * Collecting a CommandLineTool's outputs: `cwl.output.json` when the tool wrote one, else each output's binding
 * (glob, loadContents, outputEval), secondary files and format.
 */
import { existsSync, lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { CwlToolFailedError } from '../errors.js';
import { evaluate, type ExprContext } from '../expr/evaluate.js';
import type { CwlType, OutputBinding, Parameter, Process, SecondaryFileSchema } from '../model.js';
import { resolveFiles, readContents } from '../runtime/inputs.js';
import { secondaryPath } from '../runtime/secondary.js';
import { describeType, isFileLike, isPlainObject, matches } from '../types/check.js';
import { describeDirectory, describeFile, localPath, splitName, type FileObject } from '../types/file-objects.js';

/** Where the tool ran and what it captured. */
export interface ToolRunResult {
  /** The output directory. */
  outdir: string;
  /** Paths of captured stdout/stderr, when redirected. */
  stdout?: string;
  /** See stdout. */
  stderr?: string;
  /** Real paths that InitialWorkDirRequirement linked into the output directory (outputs may point at them). */
  staged?: string[];
}

/** The output object of a finished tool. */
export async function collectOutputs(
  tool: Process,
  run: ToolRunResult,
  ctx: ExprContext,
): Promise<Record<string, unknown>> {
  const jsonPath = join(run.outdir, 'cwl.output.json');
  if (existsSync(jsonPath)) {
    const raw = JSON.parse(readFileSync(jsonPath, 'utf8')) as Record<string, unknown>;
    const resolved = resolveFiles(raw, run.outdir) as Record<string, unknown>;
    await fillFileDetails(resolved);
    const out: Record<string, unknown> = {};
    for (const param of tool.outputs) out[param.id] = resolved[param.id] ?? null;
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const param of tool.outputs) {
    const value = await collectOne(param, run, ctx);
    if (!matches(value, param.type) && !(value === null && acceptsAny(param.type))) {
      throw new CwlToolFailedError(
        `Output '${param.id}' is ${JSON.stringify(value)}, which is not ${describeType(param.type)}.`,
      );
    }
    out[param.id] = value;
  }
  return out;
}

async function collectOne(param: Parameter, run: ToolRunResult, ctx: ExprContext): Promise<unknown> {
  if (param.type === 'stdout' || param.type === 'stderr') {
    const path = param.type === 'stdout' ? run.stdout : run.stderr;
    return path === undefined ? null : describeFile(path);
  }
  const record = recordType(param.type);
  if (record !== undefined && param.outputBinding === undefined) {
    const value: Record<string, unknown> = {};
    for (const field of record.fields) {
      value[field.name] = await collectOne({ ...field, id: field.name }, run, ctx);
    }
    return value;
  }
  // Files an outputEval builds may carry only a path: they are resolved and described like globbed ones.
  const value = resolveFiles(await applyBinding(param.outputBinding, param, run, ctx), run.outdir);
  await fillFileDetails(value);
  if (value !== null && param.secondaryFiles !== undefined) await addSecondary(value, param.secondaryFiles, ctx);
  if (value !== null && param.format !== undefined) await setFormat(value, param.format, ctx);
  return value;
}

async function applyBinding(
  binding: OutputBinding | undefined,
  param: Parameter,
  run: ToolRunResult,
  ctx: ExprContext,
): Promise<unknown> {
  if (binding === undefined) return null;
  const { outdir, staged = [] } = run;
  let files: FileObject[] = [];
  if (binding.glob !== undefined) {
    const patterns = await evaluate(binding.glob, ctx);
    for (const pattern of ([] as unknown[]).concat(patterns ?? []))
      files.push(...(await globOne(String(pattern), outdir, ctx.inputs, staged)));
    const loadContents = binding.loadContents === true || param.loadContents === true;
    if (loadContents)
      for (const file of files) if (file.class === 'File') file.contents = readContents(String(file.path), param.id);
  }
  if (binding.outputEval !== undefined) return evaluate(binding.outputEval, ctx, files);
  if (binding.glob === undefined) return null;
  if (isArrayType(param.type)) return files;
  if (files.length === 0) return null;
  if (files.length > 1 && !acceptsAny(param.type)) {
    throw new CwlToolFailedError(`Output '${param.id}': the glob matched ${files.length} files where one is expected.`);
  }
  files = files.slice(0, 1);
  return files[0];
}

async function globOne(
  pattern: string,
  outdir: string,
  inputs: Record<string, unknown>,
  staged: string[],
): Promise<FileObject[]> {
  let relativePattern = isAbsolute(pattern) ? relative(outdir, pattern) : pattern;
  if (relativePattern === '' || relativePattern === '.') relativePattern = '.';
  if (relativePattern === '..' || relativePattern.startsWith('../')) {
    throw new CwlToolFailedError(`The glob '${pattern}' reaches outside the output directory.`);
  }
  // A plain name is looked up directly: tinyglobby 0.2 does not match a symlink to a folder by its own name.
  const plain = !isDynamicPattern(relativePattern);
  const matches =
    relativePattern === '.'
      ? [outdir]
      : plain
        ? [join(outdir, relativePattern)].filter((p) => existsSync(p))
        : await glob(relativePattern, {
            cwd: outdir,
            absolute: true,
            onlyFiles: false,
            dot: true,
            expandDirectories: false,
          });
  matches.sort();
  const out: FileObject[] = [];
  for (const path of matches) {
    const clean = path.endsWith('/') ? path.slice(0, -1) : path;
    checkLinkTarget(clean, outdir, inputs, staged);
    out.push(statSync(clean).isDirectory() ? await describeDirectory(clean, Infinity) : await describeFile(clean));
  }
  return out;
}

/**
 * A matched symlink must point into the output directory or at an input: a tool may not hand out a file of the
 * host it happened to link to (the suite's illegal_symlink test).
 */
function checkLinkTarget(path: string, outdir: string, inputs: Record<string, unknown>, staged: string[]): void {
  if (!lstatSync(path).isSymbolicLink()) return;
  const target = realpathSync(path);
  const root = realpathSync(outdir);
  if (target === root || target.startsWith(`${root}/`)) return;
  const allowed = [...inputPaths(inputs), ...staged];
  if (allowed.some((p) => target === p || target.startsWith(`${p}/`))) return;
  throw new CwlToolFailedError(
    `The output '${path}' is a link to '${target}', outside the output directory and the inputs.`,
  );
}

function inputPaths(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) inputPaths(item, into);
  else if (isFileLike(value)) {
    const path = localPath(value);
    if (path !== undefined && existsSync(path)) into.add(realpathSync(path));
    for (const key of ['secondaryFiles', 'listing']) inputPaths(value[key], into);
  } else if (isPlainObject(value)) for (const key of Object.keys(value)) inputPaths(value[key], into);
  return into;
}

async function addSecondary(value: unknown, schemas: SecondaryFileSchema[], ctx: ExprContext): Promise<void> {
  if (Array.isArray(value)) {
    for (const item of value) await addSecondary(item, schemas, ctx);
    return;
  }
  if (!isFileLike(value) || value.class !== 'File') return;
  const path = localPath(value);
  if (path === undefined) return;
  const list = (value.secondaryFiles ?? []) as FileObject[];
  for (const schema of schemas) {
    const found = await evaluate(schema.pattern, ctx, value);
    for (const item of ([] as unknown[]).concat(found ?? [])) {
      const target =
        typeof item === 'string'
          ? schema.pattern.includes('$')
            ? join(path, '..', item)
            : secondaryPath(path, item)
          : localPath(item as FileObject);
      if (target === undefined || !existsSync(target)) continue;
      const described = statSync(target).isDirectory()
        ? await describeDirectory(target, Infinity)
        : await describeFile(target);
      // An object may rename the file (its basename), which the final copy into --outdir then uses.
      if (isFileLike(item) && typeof item.basename === 'string') {
        described.basename = item.basename;
        if (described.class === 'File') Object.assign(described, splitName(item.basename));
      }
      list.push(described);
    }
  }
  value.secondaryFiles = list;
}

async function setFormat(value: unknown, format: unknown, ctx: ExprContext): Promise<void> {
  if (Array.isArray(value)) {
    for (const item of value) await setFormat(item, format, ctx);
    return;
  }
  if (isFileLike(value)) value.format = await evaluate(format, ctx, value);
}

/** Fills size and checksum of every File inside `value` that exists locally (cwl.output.json objects). */
export async function fillFileDetails(value: unknown): Promise<void> {
  if (Array.isArray(value)) {
    for (const item of value) await fillFileDetails(item);
    return;
  }
  if (isFileLike(value)) {
    const path = localPath(value);
    if (path !== undefined && existsSync(path)) {
      const described = value.class === 'File' ? await describeFile(path) : await describeDirectory(path, Infinity);
      for (const [key, v] of Object.entries(described))
        if (!(key in value) || key === 'size' || key === 'checksum') value[key] = v;
    }
    for (const child of (value.secondaryFiles ?? []) as unknown[]) await fillFileDetails(child);
    for (const child of (value.listing ?? []) as unknown[]) await fillFileDetails(child);
    return;
  }
  if (isPlainObject(value)) for (const key of Object.keys(value)) await fillFileDetails(value[key]);
}

function recordType(type: CwlType) {
  const branches = Array.isArray(type) ? type : [type];
  for (const branch of branches)
    if (typeof branch === 'object' && !Array.isArray(branch) && branch.type === 'record') return branch;
  return undefined;
}

function isArrayType(type: CwlType): boolean {
  const branches = Array.isArray(type) ? type : [type];
  return branches.some((b) => typeof b === 'object' && !Array.isArray(b) && b.type === 'array');
}

function acceptsAny(type: CwlType): boolean {
  const branches = Array.isArray(type) ? type : [type];
  return branches.includes('Any');
}
