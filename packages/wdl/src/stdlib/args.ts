/**
 * Argument checks shared by the standard library: each returns the unwrapped argument or throws WdlEvalError
 * naming the function and what it got.
 */
import { WdlEvalError, type SourcePos } from '../errors.js';
import { describe } from '../types/coerce.js';
import { primitiveText, type WdlValue } from '../values.js';

/** Fails unless the call has between min and max arguments. */
export function arity(fn: string, args: WdlValue[], min: number, max: number, pos: SourcePos): void {
  if (args.length < min || args.length > max)
    throw new WdlEvalError(
      pos,
      `${fn}() takes ${min === max ? min : `${min} to ${max}`} argument(s), not ${args.length}`,
    );
}

/** Text of a String/File/Int/Float/Boolean argument. */
export function text(fn: string, v: WdlValue, pos: SourcePos): string {
  const t = primitiveText(v);
  if (t === undefined) throw new WdlEvalError(pos, `${fn}() needs a String here, not ${describe(v)}`);
  return t;
}

/** Items of an Array argument. */
export function items(fn: string, v: WdlValue, pos: SourcePos): WdlValue[] {
  if (v.t !== 'array') throw new WdlEvalError(pos, `${fn}() needs an Array here, not ${describe(v)}`);
  return v.items;
}

/** A number argument. */
export function num(fn: string, v: WdlValue, pos: SourcePos): number {
  if (v.t !== 'int' && v.t !== 'float') throw new WdlEvalError(pos, `${fn}() needs a number here, not ${describe(v)}`);
  return v.v;
}

/** An Int argument. */
export function int(fn: string, v: WdlValue, pos: SourcePos): number {
  if (v.t !== 'int') throw new WdlEvalError(pos, `${fn}() needs an Int here, not ${describe(v)}`);
  return v.v;
}
