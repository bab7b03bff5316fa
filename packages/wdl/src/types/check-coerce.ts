/**
 * WDL's coercion rules as the static checker applies them to types (spec "Type Coercion"): what a value of one
 * type may be assigned to, and the common type of array items, map keys or the branches of `if`. The checker is
 * deliberately as lenient as the run-time coercion of `coerce.ts` (a document that runs must still type-check):
 * primitives coerce to String, numeric Strings to Int/Float, Map/Object/struct into each other.
 */
import { typeToString, withOpt, type WdlType } from './types.js';

/** How strict the optional (`?`) rule is: WDL 1.1 refuses `T?` where `T` is expected, draft-2 and 1.0 did not. */
export interface CoerceRules {
  /** Refuse an optional value where a non-optional one is expected. */
  readonly strictOptional: boolean;
}

/** True for the checker's "unknown" type, which fits anywhere (read_json's result, Object members...). */
export function isAny(t: WdlType): boolean {
  return t.k === 'Any';
}

/**
 * Why a value of type `from` cannot be assigned where `to` is expected: `optional` when only the `?` is wrong,
 * `type` otherwise; undefined when it can.
 */
export function coercionProblem(from: WdlType, to: WdlType, rules: CoerceRules): 'optional' | 'type' | undefined {
  if (from.k === 'Any' || to.k === 'Any') return undefined;
  const shape = shapeProblem(withOpt(from, false), withOpt(to, true), rules);
  if (shape !== undefined) return shape;
  return from.opt && !to.opt && rules.strictOptional ? 'optional' : undefined;
}

/** The end of a message for a value of type `from` where `to` is expected (`must be Int, not String`). */
export function mismatch(from: WdlType, to: WdlType, rules: CoerceRules): string | undefined {
  const problem = coercionProblem(from, to, rules);
  if (problem === undefined) return undefined;
  if (problem === 'optional')
    return `must be ${typeToString(to)}, not the optional ${typeToString(from)} (use select_first() or a default)`;
  return `must be ${typeToString(to)}, not ${typeToString(from)}`;
}

function shapeProblem(from: WdlType, to: WdlType, rules: CoerceRules): 'type' | undefined {
  const fail = () => 'type' as const;
  if (from.k === 'Any' || to.k === 'Any') return undefined;
  if (to.k === 'prim') return primOk(from, to.name) ? undefined : fail();
  switch (to.k) {
    case 'Array':
      if (from.k !== 'Array') return fail();
      return coercionProblem(from.item, to.item, rules) === undefined ? undefined : fail();
    case 'Map':
      if (from.k === 'Map')
        return coercionProblem(from.key, to.key, rules) === undefined &&
          coercionProblem(from.value, to.value, rules) === undefined
          ? undefined
          : fail();
      // Object and struct values become maps keyed by member name.
      return isObjectLike(from) ? undefined : fail();
    case 'Pair':
      if (from.k !== 'Pair') return fail();
      return coercionProblem(from.left, to.left, rules) === undefined &&
        coercionProblem(from.right, to.right, rules) === undefined
        ? undefined
        : fail();
    case 'Struct':
      // Members are checked at run time (a Map's keys are values); a struct of another name may be an alias.
      return from.k === 'Map' || isObjectLike(from) ? undefined : fail();
  }
}

function isObjectLike(t: WdlType): boolean {
  return t.k === 'Struct' || (t.k === 'prim' && t.name === 'Object');
}

function primOk(from: WdlType, to: string): boolean {
  if (from.k !== 'prim') return to === 'Object' && (from.k === 'Map' || from.k === 'Struct');
  if (from.name === to) return true;
  switch (to) {
    case 'Float':
    case 'Int':
      // Int→Float is WDL's; String→Int/Float because read_lines() and read_map() give Strings the spec's examples
      // assign to Int declarations (the run-time coercion accepts numeric Strings).
      return from.name === 'String' || (to === 'Float' && from.name === 'Int');
    case 'String':
      // Every primitive coerces to String (draft-2 and 1.0 documents rely on it).
      return from.name !== 'Object';
    case 'File':
    case 'Directory':
      return from.name === 'String';
    default:
      return false;
  }
}

/**
 * The common type of values that must share one type (array items, map keys and values, `if` branches), or
 * undefined when there is none: Int with Float gives Float, String with File or any primitive gives String, and
 * one optional member makes the result optional.
 */
export function unify(types: WdlType[]): WdlType | undefined {
  let acc: WdlType | undefined;
  for (const t of types) {
    if (acc === undefined) acc = t;
    else {
      const next = unifyTwo(acc, t);
      if (next === undefined) return undefined;
      acc = next;
    }
  }
  return acc;
}

function unifyTwo(a: WdlType, b: WdlType): WdlType | undefined {
  const opt = a.opt || b.opt;
  if (a.k === 'Any') return withOpt(b, opt);
  if (b.k === 'Any') return withOpt(a, opt);
  const lax: CoerceRules = { strictOptional: false };
  if (a.k === 'prim' && b.k === 'prim' && a.name !== b.name) {
    const numeric = (n: string) => n === 'Int' || n === 'Float';
    if (numeric(a.name) && numeric(b.name)) return { k: 'prim', name: 'Float', opt };
    // A String among other primitives: they all become Strings ([1, "a"] is Array[String]).
    if (a.name === 'String' || b.name === 'String') return { k: 'prim', name: 'String', opt };
    return undefined;
  }
  if (a.k === 'Array' && b.k === 'Array') {
    const item = unifyTwo(a.item, b.item);
    return item && { k: 'Array', item, nonEmpty: a.nonEmpty && b.nonEmpty, opt };
  }
  if (a.k === 'Map' && b.k === 'Map') {
    const key = unifyTwo(a.key, b.key);
    const value = unifyTwo(a.value, b.value);
    return key && value && { k: 'Map', key, value, opt };
  }
  if (a.k === 'Pair' && b.k === 'Pair') {
    const left = unifyTwo(a.left, b.left);
    const right = unifyTwo(a.right, b.right);
    return left && right && { k: 'Pair', left, right, opt };
  }
  if (shapeProblem(withOpt(b, false), withOpt(a, true), lax) === undefined) return withOpt(a, opt);
  if (shapeProblem(withOpt(a, false), withOpt(b, true), lax) === undefined) return withOpt(b, opt);
  return undefined;
}
