/**
 * Evaluating CWL strings: a string that is exactly one `$(...)`/`${...}` gives that expression's value (any type);
 * otherwise each expression is interpolated as text. JavaScript runs in the sandbox when the process has
 * InlineJavascriptRequirement; without it only parameter references are allowed.
 */
import { CwlExpressionError } from '../errors.js';
import { toText } from './format.js';
import { evaluateParamRef } from './paramref.js';
import type { Sandbox } from './sandbox.js';
import { scan } from './scan.js';

/** What expressions see and how they run. */
export interface ExprContext {
  /** The sandbox, or undefined when the process has no InlineJavascriptRequirement. */
  sandbox: Sandbox | undefined;
  /** The expressionLib of the InlineJavascriptRequirement. */
  lib: string[];
  /** `inputs`. */
  inputs: Record<string, unknown>;
  /** `runtime`. */
  runtime: Record<string, unknown>;
}

/** How a string is evaluated. */
export interface EvaluateOptions {
  /**
   * Keep surrounding white space: by default it is dropped first (so a `${...}` block scalar gives its value);
   * InitialWorkDir file contents keep it, and then `$(x)` followed by a newline is text, not `x` itself.
   */
  keepSpace?: boolean;
  /** How an interpolated value becomes text (default: strings as they are, numbers plain, the rest as JSON). */
  toText?: (value: unknown) => string;
}

/** Evaluates `value` if it is a string holding expressions; other values come back unchanged. */
export async function evaluate(
  value: unknown,
  ctx: ExprContext,
  self: unknown = null,
  options: EvaluateOptions = {},
): Promise<unknown> {
  if (typeof value !== 'string') return value;
  const segments = scan(options.keepSpace === true ? value : value.trim());
  if (segments.every((segment) => segment.kind === 'text')) return value;
  const only = segments.length === 1 ? segments[0] : undefined;
  if (only !== undefined && only.kind !== 'text') return evalOne(only, ctx, self);
  let text = '';
  for (const segment of segments) {
    const asText = options.toText ?? toText;
    text += segment.kind === 'text' ? segment.text : asText(await evalOne(segment, ctx, self));
  }
  return text;
}

async function evalOne(
  segment: { kind: 'paren' | 'brace'; code: string },
  ctx: ExprContext,
  self: unknown,
): Promise<unknown> {
  const vars = { inputs: ctx.inputs, self: self ?? null, runtime: ctx.runtime };
  if (ctx.sandbox === undefined) {
    if (segment.kind === 'brace') {
      throw new CwlExpressionError(`\${${segment.code}}`, 'JavaScript needs InlineJavascriptRequirement');
    }
    return evaluateParamRef(segment.code, vars);
  }
  const reply = await ctx.sandbox.evaluate(segment.code, segment.kind, ctx.lib, vars);
  const source = segment.kind === 'paren' ? `$(${segment.code})` : `\${${segment.code}}`;
  if (reply.error !== undefined) throw new CwlExpressionError(source, reply.error);
  return reply.json === undefined ? null : (JSON.parse(reply.json) as unknown);
}
