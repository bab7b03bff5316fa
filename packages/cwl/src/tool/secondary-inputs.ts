/**
 * secondaryFiles of a tool's inputs given as expressions. Input binding has no JavaScript sandbox at hand, so it
 * resolves only suffix patterns; the expressions are evaluated here, in the tool's own expression context, with
 * `self` the primary File (CWL v1.2, SecondaryFileSchema: a name relative to the primary's folder, a File or
 * Directory object, or a list of those).
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CwlInputError } from '../errors.js';
import { evaluate, type ExprContext } from '../expr/evaluate.js';
import type { Parameter, SecondaryFileSchema } from '../model.js';
import { isFileLike } from '../types/check.js';
import { localPath, resolveFileObject, type FileObject } from '../types/file-objects.js';

/** Adds the secondary files that expression patterns of `params` name to the input Files in `inputs`. */
export async function addExpressionSecondaries(
  params: Parameter[],
  inputs: Record<string, unknown>,
  ctx: ExprContext,
): Promise<void> {
  for (const param of params) {
    const schemas = (param.secondaryFiles ?? []).filter((s) => s.pattern.includes('$(') || s.pattern.includes('${'));
    if (schemas.length === 0) continue;
    for (const file of primaries(inputs[param.id])) await addFor(file, schemas, param.id, ctx);
  }
}

function primaries(value: unknown): FileObject[] {
  if (Array.isArray(value)) return value.flatMap(primaries);
  return isFileLike(value) && value.class === 'File' ? [value as FileObject] : [];
}

async function addFor(file: FileObject, schemas: SecondaryFileSchema[], id: string, ctx: ExprContext): Promise<void> {
  const primary = localPath(file);
  if (primary === undefined) return;
  const folder = dirname(primary);
  const have = (file.secondaryFiles ?? []) as FileObject[];
  const known = new Set(have.map((s) => localPath(s)));
  for (const schema of schemas) {
    const found = await evaluate(schema.pattern, ctx, file);
    const required = (await evaluate(schema.required ?? true, ctx, file)) !== false && !schema.pattern.endsWith('?');
    for (const item of ([] as unknown[]).concat(found ?? [])) {
      const object = toObject(item, folder);
      const path = object === undefined ? undefined : localPath(object);
      if (object === undefined || path === undefined || !existsSync(path)) {
        if (required) {
          throw new CwlInputError(
            `Input '${id}': the secondary file ${JSON.stringify(item)} given by its secondaryFiles expression does not exist.`,
          );
        }
        continue;
      }
      if (known.has(path)) continue;
      known.add(path);
      have.push(object);
    }
  }
  file.secondaryFiles = have;
}

/** A File/Directory object for what an expression gave: a name beside the primary, or an object. */
function toObject(item: unknown, folder: string): FileObject | undefined {
  if (typeof item === 'string') {
    const path = join(folder, item);
    const cls = existsSync(path) && statSync(path).isDirectory() ? 'Directory' : 'File';
    return resolveFileObject({ class: cls, location: path }, '/');
  }
  if (isFileLike(item)) return resolveFileObject({ ...(item as FileObject) }, folder);
  return undefined;
}
