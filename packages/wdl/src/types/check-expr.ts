/**
 * The static type of an expression: names looked up in the checker's scope, operators with WDL's Int/Float and
 * String rules, indexing and member access (Pairs, structs, call outputs, and member access mapped over the array
 * a scatter gathers), literals unified to one type, and standard library calls checked against their signatures.
 * The first problem is thrown as a WdlTypeError at the expression's position.
 */
import { WdlTypeError } from '../errors.js';
import type { Expr, StringPart } from '../syntax/ast.js';
import { coercionProblem, isAny, mismatch, unify, type CoerceRules } from './check-coerce.js';
import { SIGNATURES } from './check-stdlib.js';
import { Ty, typeToString, withOpt, type WdlType } from './types.js';

/** What expression checking needs: the names in scope, struct types, the rules and functions known at run time. */
export interface TypeScope {
  /** The type bound to a name here or in an enclosing scope. */
  readonly lookup: (name: string) => WdlType | undefined;
  /** A struct type by name. */
  readonly struct: (name: string) => WdlType | undefined;
  readonly rules: CoerceRules;
  /** Functions the run time has that the signature table does not describe (their results are not checked). */
  readonly extraFunctions: ReadonlySet<string>;
  /** Inside a placeholder, an operation on None gives None (spec 1.1), so optional operands are fine. */
  readonly inPlaceholder?: boolean;
}

const ANY: WdlType = { k: 'Any', opt: false };

/** The type of `expr`, or a WdlTypeError for an unknown name, a bad operand or argument, a bad literal. */
export function typeOf(expr: Expr, scope: TypeScope): WdlType {
  const fail = (message: string, at = expr): never => {
    throw new WdlTypeError(at.pos, message);
  };
  switch (expr.kind) {
    case 'int':
      return Ty.Int;
    case 'float':
      return Ty.Float;
    case 'bool':
      return Ty.Boolean;
    case 'null':
      return { k: 'Any', opt: true };
    case 'string':
      checkParts(expr.parts, scope);
      return Ty.String;
    case 'ident': {
      const t = scope.lookup(expr.name);
      return t ?? fail(`unknown name '${expr.name}'`);
    }
    case 'array': {
      const items = expr.items.map((e) => typeOf(e, scope));
      if (items.length === 0) return { k: 'Array', item: ANY, nonEmpty: false, opt: false };
      const item = unify(items) ?? fail(`the array's items have no common type: ${items.map(typeToString).join(', ')}`);
      return { k: 'Array', item: item ?? ANY, nonEmpty: items.length > 0, opt: false };
    }
    case 'pairLit':
      return { k: 'Pair', left: typeOf(expr.left, scope), right: typeOf(expr.right, scope), opt: false };
    case 'mapLit': {
      const keys = expr.entries.map(([k]) => typeOf(k, scope));
      const values = expr.entries.map(([, v]) => typeOf(v, scope));
      const key = unify(keys) ?? fail(`the map's keys have no common type: ${keys.map(typeToString).join(', ')}`);
      const value =
        unify(values) ?? fail(`the map's values have no common type: ${values.map(typeToString).join(', ')}`);
      return { k: 'Map', key: key ?? ANY, value: value ?? ANY, opt: false };
    }
    case 'objectLit':
      return objectLiteral(expr, scope);
    case 'ifThenElse': {
      expectType(expr.cond, Ty.Boolean, scope, 'the condition of if-then-else');
      const a = typeOf(expr.then, scope);
      const b = typeOf(expr.else, scope);
      return (
        unify([a, b]) ??
        fail(`the branches of if-then-else have different types: ${typeToString(a)} and ${typeToString(b)}`)
      );
    }
    case 'unary': {
      const t = typeOf(expr.operand, scope);
      if (isAny(t)) return t;
      const ok = t.k === 'prim' && (expr.op === '!' ? t.name === 'Boolean' : t.name === 'Int' || t.name === 'Float');
      return ok ? t : fail(`cannot apply '${expr.op}' to ${typeToString(t)}`);
    }
    case 'binary':
      return binaryType(expr, scope);
    case 'apply':
      return applyType(expr, scope);
    case 'index':
      return indexType(expr, scope);
    case 'member':
      return (
        memberType(typeOf(expr.target, scope), expr.name) ??
        fail(`${typeToString(typeOf(expr.target, scope))} has no member '${expr.name}'`)
      );
  }
}

/** Checks that `expr` can be assigned where `expected` is wanted; `what` names the place for the message. */
export function expectType(expr: Expr, expected: WdlType, scope: TypeScope, what: string): void {
  const actual = typeOf(expr, scope);
  // Strings coerce to Int and Float only when they hold a number (read_lines() results do); a literal shows it.
  if (expr.kind === 'string' && expected.k === 'prim' && (expected.name === 'Int' || expected.name === 'Float')) {
    const text = expr.parts.length === 1 && typeof expr.parts[0] === 'string' ? expr.parts[0] : undefined;
    if (text === undefined || text.trim() === '' || isNaN(Number(text)))
      throw new WdlTypeError(expr.pos, `${what} must be ${typeToString(expected)}, not String`);
  }
  const problem = mismatch(actual, expected, scope.rules);
  if (problem !== undefined) throw new WdlTypeError(expr.pos, `${what} ${problem}`);
}

/** Checks the placeholders of a string or command (their expressions may be optional). */
export function checkParts(parts: StringPart[], scope: TypeScope): void {
  const inner = { ...scope, inPlaceholder: true };
  for (const p of parts) {
    if (typeof p === 'string') continue;
    typeOf(p.expr, inner);
    for (const option of Object.values(p.options)) typeOf(option, inner);
  }
}

function objectLiteral(expr: Extract<Expr, { kind: 'objectLit' }>, scope: TypeScope): WdlType {
  const members = expr.entries.map(([k, v]): [string, WdlType] => [k, typeOf(v, scope)]);
  if (expr.structName === undefined) return { k: 'prim', name: 'Object', opt: false };
  const struct = scope.struct(expr.structName);
  if (struct === undefined || struct.k !== 'Struct')
    throw new WdlTypeError(expr.pos, `unknown struct '${expr.structName}'`);
  for (const [name, t] of members) {
    const declared = struct.members.find(([n]) => n === name)?.[1];
    if (declared === undefined) throw new WdlTypeError(expr.pos, `struct ${struct.name} has no member '${name}'`);
    const problem = mismatch(t, declared, scope.rules);
    if (problem !== undefined) throw new WdlTypeError(expr.pos, `member '${name}' of ${struct.name} ${problem}`);
  }
  const missing = struct.members.find(([n, t]) => !t.opt && !members.some(([m]) => m === n));
  if (missing !== undefined)
    throw new WdlTypeError(
      expr.pos,
      `the ${struct.name} literal lacks its member '${missing[0]}' (${typeToString(missing[1])})`,
    );
  return struct;
}

function binaryType(expr: Extract<Expr, { kind: 'binary' }>, scope: TypeScope): WdlType {
  const l = typeOf(expr.left, scope);
  const r = typeOf(expr.right, scope);
  const fail = (): never => {
    throw new WdlTypeError(expr.pos, `cannot apply '${expr.op}' to ${typeToString(l)} and ${typeToString(r)}`);
  };
  const name = (t: WdlType) => (t.k === 'prim' ? t.name : t.k === 'Any' ? 'Any' : undefined);
  const ln = name(l);
  const rn = name(r);
  // Outside placeholders an optional operand is an error in 1.1 (None + 1 has no value); inside it gives None.
  const opt = l.opt || r.opt;
  if (opt && scope.rules.strictOptional && !scope.inPlaceholder && !['==', '!=', '&&', '||'].includes(expr.op))
    if (!(l.k === 'Any' && r.k === 'Any')) fail();
  switch (expr.op) {
    case '==':
    case '!=':
      return Ty.Boolean;
    case '&&':
    case '||':
      if ((ln === 'Boolean' || ln === 'Any') && (rn === 'Boolean' || rn === 'Any')) return Ty.Boolean;
      return fail();
    case '<':
    case '<=':
    case '>':
    case '>=':
      if (ln === undefined || rn === undefined) return fail();
      return Ty.Boolean;
  }
  const num = (n: string | undefined) => n === 'Int' || n === 'Float' || n === 'Any';
  if (num(ln) && num(rn)) {
    if (ln === 'Any' || rn === 'Any') return withOpt(ANY, opt);
    return withOpt(ln === 'Int' && rn === 'Int' ? Ty.Int : Ty.Float, opt && !!scope.inPlaceholder);
  }
  if (expr.op === '+' && ln !== undefined && rn !== undefined) {
    const text = (n: string) => n === 'String' || n === 'File' || n === 'Any';
    if (text(ln) || text(rn)) return withOpt(ln === 'File' ? Ty.File : Ty.String, opt && !!scope.inPlaceholder);
  }
  return fail();
}

function applyType(expr: Extract<Expr, { kind: 'apply' }>, scope: TypeScope): WdlType {
  const args = expr.args.map((a) => typeOf(a, scope));
  const sig = Object.hasOwn(SIGNATURES, expr.fn) ? SIGNATURES[expr.fn] : undefined;
  if (sig === undefined) {
    if (scope.extraFunctions.has(expr.fn)) return ANY;
    throw new WdlTypeError(expr.pos, `unknown function '${expr.fn}'`);
  }
  if (args.length < sig.min || args.length > sig.max)
    throw new WdlTypeError(
      expr.pos,
      `${expr.fn}() takes ${sig.min === sig.max ? sig.min : `${sig.min} to ${sig.max}`} argument(s), not ${args.length}`,
    );
  const result = sig.result(args, scope.rules);
  if (typeof result === 'string') throw new WdlTypeError(expr.pos, `${expr.fn}(): ${result}`);
  return result;
}

function indexType(expr: Extract<Expr, { kind: 'index' }>, scope: TypeScope): WdlType {
  const target = typeOf(expr.target, scope);
  const key = typeOf(expr.index, scope);
  if (isAny(target)) return ANY;
  if (target.k === 'Array') {
    if (coercionProblem(key, Ty.Int, { strictOptional: false }) !== undefined)
      throw new WdlTypeError(expr.index.pos, `an array index must be an Int, not ${typeToString(key)}`);
    return target.item;
  }
  if (target.k === 'Map') return target.value;
  if (target.k === 'Struct' || (target.k === 'prim' && target.name === 'Object')) return ANY;
  throw new WdlTypeError(expr.pos, `cannot index ${typeToString(target)}`);
}

/** `x.name`'s type, or undefined when `x` has no such member. */
function memberType(target: WdlType, name: string): WdlType | undefined {
  switch (target.k) {
    case 'Any':
      return ANY;
    case 'Pair':
      return name === 'left' ? target.left : name === 'right' ? target.right : undefined;
    case 'Struct': {
      const m = target.members.find(([n]) => n === name)?.[1];
      return m && (target.opt ? withOpt(m, true) : m);
    }
    case 'Array': {
      // A call (or struct) gathered by a scatter: the member of every item.
      const item = memberType(target.item, name);
      return item && { k: 'Array', item, nonEmpty: target.nonEmpty, opt: target.opt };
    }
    case 'prim':
      return target.name === 'Object' ? ANY : undefined;
    default:
      return undefined;
  }
}
