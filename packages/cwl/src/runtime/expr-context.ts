/**
 * The expression context of a process: the sandbox when InlineJavascriptRequirement is in effect (as a
 * requirement or a hint, as cwltool allows), its expressionLib, the inputs and the runtime object.
 */
import type { ExprContext } from '../expr/evaluate.js';
import type { RunContext } from './context.js';
import type { Requirements } from './requirements.js';

/** The expression context for a process under `reqs`. */
export function exprContext(
  reqs: Requirements,
  run: RunContext,
  inputs: Record<string, unknown>,
  runtime: Record<string, unknown>,
): ExprContext {
  const js = reqs.get('InlineJavascriptRequirement');
  const lib = js === undefined ? [] : ((js.expressionLib ?? []) as unknown[]).map(String);
  return { sandbox: js === undefined ? undefined : run.sandbox, lib, inputs, runtime };
}
