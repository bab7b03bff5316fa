/**
 * Test helper: evaluates a WDL expression with the standard library in a given directory.
 */
import { Env } from '../eval/env.js';
import { evaluate } from '../eval/expr.js';
import { parseExpression } from '../syntax/parse.js';
import { toJson } from '../types/json.js';
import type { WdlValue } from '../values.js';
import { callStdlib, type StdlibContext } from './index.js';

/** Evaluates `text` and returns the value. */
export function evalWdl(text: string, ctx: Partial<StdlibContext> = {}, env = new Env()): WdlValue {
  const full: StdlibContext = { cwd: process.cwd(), writeDir: process.cwd(), version: '1.1', ...ctx };
  return evaluate(parseExpression(text), {
    env,
    call: (name, args, pos) => callStdlib(name, args, full, pos),
    struct: () => undefined,
  });
}

/** Evaluates `text` and returns its JSON form. */
export function evalJson(text: string, ctx: Partial<StdlibContext> = {}, env = new Env()): unknown {
  return toJson(evalWdl(text, ctx, env));
}
