/**
 * Format checks (`format:` on an input parameter) for the inputs of processes other than a CommandLineTool, which
 * checks its own in `tool/run-tool.ts` where its runtime context exists: a Workflow's inputs, checked by the
 * leader (or the run that bypasses the file store) right after binding, before any step runs, and an
 * ExpressionTool's, checked before its expression. Both go through `types/format.ts`, so the rules (namespace
 * prefixes, `$schemas` ontologies, record fields and array items) and the one-line error are the tool's.
 */
import { Sandbox } from '../expr/sandbox.js';
import type { ExprContext } from '../expr/evaluate.js';
import type { CwlType, Parameter, Process } from '../model.js';
import { checkInputFormats } from '../types/format.js';
import type { Requirements } from './requirements.js';

/**
 * Checks the Files in `inputs` (bound to `process`) against their parameters' formats; throws CwlInputError
 * naming the input for the first that is not allowed. A format written as an expression is evaluated in a
 * sandbox made for the check, with `evalTimeoutMs`, only when one is there.
 */
export async function checkProcessInputFormats(
  process: Process,
  inputs: Record<string, unknown>,
  reqs: Requirements,
  evalTimeoutMs: number,
): Promise<void> {
  const formats = process.inputs.flatMap((param) => formatsOf(param));
  // Most documents name no format: nothing to evaluate or walk, and no sandbox made.
  if (formats.length === 0) return;
  const js = reqs.get('InlineJavascriptRequirement');
  const needsJs = js !== undefined && formats.some((f) => typeof f === 'string' && /\$[({]/.test(f));
  const sandbox = needsJs ? new Sandbox(evalTimeoutMs) : undefined;
  const lib = js === undefined ? [] : ((js.expressionLib ?? []) as unknown[]).map(String);
  const ctx: ExprContext = { sandbox, lib, inputs, runtime: {} };
  try {
    await checkInputFormats(process.inputs, inputs, ctx, {
      namespaces: process.namespaces,
      schemas: process.schemas ?? [],
    });
  } finally {
    await sandbox?.close();
  }
}

/** The formats a parameter declares, its own and its record fields' (at any depth). */
function formatsOf(param: Parameter): unknown[] {
  return [...(param.format === undefined ? [] : [param.format]), ...fieldFormats(param.type, new Set())];
}

function fieldFormats(type: CwlType, seen: Set<object>): unknown[] {
  if (typeof type === 'string' || seen.has(type)) return [];
  seen.add(type);
  if (Array.isArray(type)) return type.flatMap((branch) => fieldFormats(branch, seen));
  if (type.type === 'array') return fieldFormats(type.items, seen);
  if (type.type === 'enum') return [];
  return type.fields.flatMap((field) => [
    ...(field.format === undefined ? [] : [field.format]),
    ...fieldFormats(field.type, seen),
  ]);
}
