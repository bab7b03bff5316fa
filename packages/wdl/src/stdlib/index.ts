/**
 * The standard library: every function by name, and `callStdlib` which reports an unknown name.
 */
import { WdlEvalError, type SourcePos } from '../errors.js';
import type { WdlValue } from '../values.js';
import { collectionFunctions } from './collections.js';
import { fileFunctions } from './files.js';
import { mathFunctions } from './math.js';
import { readFunctions } from './read.js';
import { stringFunctions } from './strings.js';
import type { StdlibContext, StdlibTable } from './types.js';
import { writeFunctions } from './write.js';

/** Every function of the standard library. */
export const STDLIB: StdlibTable = {
  ...mathFunctions,
  ...stringFunctions,
  ...collectionFunctions,
  ...readFunctions,
  ...writeFunctions,
  ...fileFunctions,
};

/** Calls a function by name. */
export function callStdlib(name: string, args: WdlValue[], ctx: StdlibContext, pos: SourcePos): WdlValue {
  const fn = Object.hasOwn(STDLIB, name) ? STDLIB[name] : undefined;
  if (fn === undefined) throw new WdlEvalError(pos, `unknown function '${name}'`);
  return fn(args, ctx, pos);
}

export type { StdlibContext, StdlibFn, StdlibTable } from './types.js';
