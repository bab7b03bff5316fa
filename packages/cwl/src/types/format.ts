/**
 * Format checking of input Files (CWL v1.2, Process `format`): a File that carries a `format` must have one of
 * the formats its parameter (or record field) allows. Formats are compared as full IRIs, after `$namespaces`
 * prefixes are expanded on both sides. A File without a format is accepted (nothing to check against).
 *
 * A document with `$schemas` names ontologies in which a format may be a subclass or an equivalent class of an
 * allowed one (`ontology.ts`); an ontology that cannot be read here (a URL) makes a differing format accepted
 * rather than refused wrongly.
 */
import { CwlInputError } from '../errors.js';
import { evaluate, type ExprContext } from '../expr/evaluate.js';
import { expandFormat } from '../loader/normalize.js';
import type { CwlType, Parameter } from '../model.js';
import { branchFor, isFileLike, isPlainObject } from './check.js';
import { localPath } from './file-objects.js';
import { formatAllowed } from './ontology.js';

/** What the check needs of the process. */
export interface FormatScope {
  /** The process's `$namespaces`. */
  namespaces: Record<string, string>;
  /** The ontologies the document names in `$schemas` (absolute paths or URLs). */
  schemas: string[];
}

/** Throws CwlInputError for the first input File whose format its parameter does not allow. */
export async function checkInputFormats(
  params: Parameter[],
  inputs: Record<string, unknown>,
  ctx: ExprContext,
  scope: FormatScope,
): Promise<void> {
  for (const param of params) await walk(inputs[param.id], param.type, param.format, param.id, ctx, scope);
}

async function walk(
  value: unknown,
  type: CwlType,
  format: unknown,
  label: string,
  ctx: ExprContext,
  scope: FormatScope,
): Promise<void> {
  if (value === null || value === undefined) return;
  const branch = branchFor(value, type);
  if (Array.isArray(value)) {
    const items =
      typeof branch === 'object' && !Array.isArray(branch) && branch.type === 'array' ? branch.items : 'Any';
    for (const item of value) await walk(item, items, format, label, ctx, scope);
    return;
  }
  if (isFileLike(value)) {
    if (value.class === 'File' && format !== undefined) await checkOne(value, format, label, ctx, scope);
    return;
  }
  if (isPlainObject(value) && typeof branch === 'object' && !Array.isArray(branch) && branch.type === 'record') {
    for (const field of branch.fields) {
      await walk(value[field.name], field.type, field.format, `${label}.${field.name}`, ctx, scope);
    }
  }
}

async function checkOne(
  file: Record<string, unknown>,
  format: unknown,
  label: string,
  ctx: ExprContext,
  scope: FormatScope,
): Promise<void> {
  if (typeof file.format !== 'string') return;
  const actual = String(expandFormat(file.format, scope.namespaces));
  const evaluated = await evaluate(format, ctx, file);
  const allowed = ([] as unknown[]).concat(evaluated ?? []).map((f) => String(expandFormat(f, scope.namespaces)));
  if (allowed.length === 0 || (await formatAllowed(actual, allowed, scope.schemas)) !== false) return;
  throw new CwlInputError(
    `Input '${label}': the File '${localPath(file) ?? String(file.basename)}' has format '${actual}', ` +
      `which is not ${allowed.map((f) => `'${f}'`).join(' or ')}; give a File of that format.`,
  );
}
