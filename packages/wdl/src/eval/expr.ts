/**
 * Expression evaluation: literals, names, operators (with WDL's Int/Float and String rules), indexing, member
 * access, if-then-else and standard library calls; and placeholders in strings and commands: `~{expr}` with the
 * `sep`, `true`/`false` and `default` options, None rendering as the `default` option or as nothing.
 */
import { WdlEvalError } from '../errors.js';
import type { Expr, Placeholder, StringPart } from '../syntax/ast.js';
import { coerce, describe } from '../types/coerce.js';
import type { WdlType } from '../types/types.js';
import { member, primitiveText, V, valuesEqual, type WdlValue } from '../values.js';
import type { Env } from './env.js';

/** What evaluation needs besides the names in scope. */
export interface EvalScope {
  /** The names in scope. */
  readonly env: Env;
  /** Calls a standard library function. */
  readonly call: (name: string, args: WdlValue[], pos: Expr['pos']) => WdlValue;
  /** A struct type by name, for struct literals. */
  readonly struct: (name: string) => WdlType | undefined;
  /** True inside a placeholder: an operation on None yields None instead of failing (spec 1.1). */
  readonly inPlaceholder?: boolean;
}

/** Evaluates an expression. */
export function evaluate(expr: Expr, scope: EvalScope): WdlValue {
  switch (expr.kind) {
    case 'int':
      return V.int(expr.value);
    case 'float':
      return V.float(expr.value);
    case 'bool':
      return V.bool(expr.value);
    case 'null':
      return V.null;
    case 'string':
      return V.string(interpolate(expr.parts, scope));
    case 'ident': {
      const value = scope.env.get(expr.name);
      if (value === undefined) throw new WdlEvalError(expr.pos, `unknown name '${expr.name}'`);
      return value;
    }
    case 'array':
      return V.array(expr.items.map((e) => evaluate(e, scope)));
    case 'pairLit':
      return V.pair(evaluate(expr.left, scope), evaluate(expr.right, scope));
    case 'mapLit':
      return V.map(expr.entries.map(([k, v]) => [evaluate(k, scope), evaluate(v, scope)]));
    case 'objectLit': {
      const members = expr.entries.map(([k, v]): [string, WdlValue] => [k, evaluate(v, scope)]);
      if (expr.structName === undefined) return V.object(members);
      const type = scope.struct(expr.structName);
      if (type === undefined) throw new WdlEvalError(expr.pos, `unknown struct '${expr.structName}'`);
      return coerce(V.object(members), type, expr.pos);
    }
    case 'ifThenElse': {
      const cond = evaluate(expr.cond, scope);
      if (cond.t !== 'bool') throw new WdlEvalError(expr.cond.pos, `the condition is ${describe(cond)}, not a Boolean`);
      return evaluate(cond.v ? expr.then : expr.else, scope);
    }
    case 'unary':
      return unary(expr.op, evaluate(expr.operand, scope), expr.pos);
    case 'binary':
      return binary(expr, scope);
    case 'apply':
      return scope.call(
        expr.fn,
        expr.args.map((a) => evaluate(a, scope)),
        expr.pos,
      );
    case 'index':
      return index(evaluate(expr.target, scope), evaluate(expr.index, scope), expr.pos);
    case 'member': {
      const target = evaluate(expr.target, scope);
      return memberOf(target, expr.name, expr.pos);
    }
  }
}

/**
 * `x.name`: a Pair's left/right, an object's member; on the array of a call gathered from a scatter, the array of
 * that output; on a call skipped by a false conditional (None), None.
 */
function memberOf(target: WdlValue, name: string, pos: Expr['pos']): WdlValue {
  if (target.t === 'array') return V.array(target.items.map((x) => memberOf(x, name, pos)));
  if (target.t === 'null') return target;
  if (target.t === 'pair' && (name === 'left' || name === 'right')) return target[name];
  const value = member(target, name);
  if (value === undefined) throw new WdlEvalError(pos, `${describe(target)} has no member '${name}'`);
  return value;
}

function unary(op: string, v: WdlValue, pos: Expr['pos']): WdlValue {
  if (op === '!' && v.t === 'bool') return V.bool(!v.v);
  if (op === '-' && (v.t === 'int' || v.t === 'float')) return { t: v.t, v: -v.v };
  if (op === '+' && (v.t === 'int' || v.t === 'float')) return v;
  throw new WdlEvalError(pos, `cannot apply '${op}' to ${describe(v)}`);
}

function binary(expr: Extract<Expr, { kind: 'binary' }>, scope: EvalScope): WdlValue {
  const left = evaluate(expr.left, scope);
  if (expr.op === '&&' || expr.op === '||') {
    if (left.t !== 'bool') throw new WdlEvalError(expr.pos, `'${expr.op}' needs Booleans, not ${describe(left)}`);
    if (left.v === (expr.op === '||')) return left;
    const right = evaluate(expr.right, scope);
    if (right.t !== 'bool') throw new WdlEvalError(expr.pos, `'${expr.op}' needs Booleans, not ${describe(right)}`);
    return right;
  }
  const right = evaluate(expr.right, scope);
  if (expr.op === '==') return V.bool(valuesEqual(left, right));
  if (expr.op === '!=') return V.bool(!valuesEqual(left, right));
  if ((left.t === 'null' || right.t === 'null') && scope.inPlaceholder) return V.null;
  const fail = (): never => {
    throw new WdlEvalError(expr.pos, `cannot apply '${expr.op}' to ${describe(left)} and ${describe(right)}`);
  };
  const num = (v: WdlValue) => (v.t === 'int' || v.t === 'float' ? v.v : undefined);
  const a = num(left);
  const b = num(right);
  if (a !== undefined && b !== undefined) {
    const isInt = left.t === 'int' && right.t === 'int';
    const make = (x: number) => (isInt ? V.int(x) : V.float(x));
    switch (expr.op) {
      case '+':
        return make(a + b);
      case '-':
        return make(a - b);
      case '*':
        return make(a * b);
      case '/':
        if (isInt && b === 0) throw new WdlEvalError(expr.pos, 'division by zero');
        return make(isInt ? Math.trunc(a / b) : a / b);
      case '%':
        if (isInt && b === 0) throw new WdlEvalError(expr.pos, 'division by zero');
        return make(a % b);
    }
    return compare(expr.op, a, b) ?? fail();
  }
  if (expr.op === '+') {
    const isText = (v: WdlValue) => v.t === 'string' || v.t === 'file';
    const lt = primitiveText(left);
    const rt = primitiveText(right);
    if ((isText(left) || isText(right)) && lt !== undefined && rt !== undefined)
      return left.t === 'file' ? V.file(lt + rt) : V.string(lt + rt);
    return fail();
  }
  const lt = primitiveText(left);
  const rt = primitiveText(right);
  if (lt !== undefined && rt !== undefined && left.t !== 'int' && left.t !== 'float') {
    if (left.t === 'bool' && right.t === 'bool') return compare(expr.op, Number(left.v), Number(right.v)) ?? fail();
    return compare(expr.op, lt < rt ? -1 : lt > rt ? 1 : 0, 0) ?? fail();
  }
  return fail();
}

function compare(op: string, a: number, b: number): WdlValue | undefined {
  switch (op) {
    case '<':
      return V.bool(a < b);
    case '<=':
      return V.bool(a <= b);
    case '>':
      return V.bool(a > b);
    case '>=':
      return V.bool(a >= b);
    default:
      return undefined;
  }
}

function index(target: WdlValue, key: WdlValue, pos: Expr['pos']): WdlValue {
  if (target.t === 'array') {
    if (key.t !== 'int') throw new WdlEvalError(pos, `an array index must be an Int, not ${describe(key)}`);
    const item = target.items[key.v];
    if (item === undefined)
      throw new WdlEvalError(pos, `index ${key.v} is out of range (length ${target.items.length})`);
    return item;
  }
  if (target.t === 'map') {
    const hit = target.entries.find(([k]) => valuesEqual(k, key));
    if (hit === undefined) throw new WdlEvalError(pos, `the map has no key ${describe(key)}`);
    return hit[1];
  }
  if (target.t === 'object' && key.t === 'string') {
    const value = member(target, key.v);
    if (value !== undefined) return value;
  }
  throw new WdlEvalError(pos, `cannot index ${describe(target)} with ${describe(key)}`);
}

/** The text of string or command parts. */
export function interpolate(parts: StringPart[], scope: EvalScope): string {
  return parts.map((p) => (typeof p === 'string' ? p : renderPlaceholder(p, scope))).join('');
}

function option(p: Placeholder, name: string, scope: EvalScope): string | undefined {
  const expr = p.options[name];
  if (expr === undefined) return undefined;
  return primitiveText(evaluate(expr, scope)) ?? '';
}

/** One placeholder's text. */
export function renderPlaceholder(p: Placeholder, scope: EvalScope): string {
  const value: WdlValue = evaluate(p.expr, { ...scope, inPlaceholder: true });
  if (value.t === 'null') return option(p, 'default', scope) ?? '';
  const sep = option(p, 'sep', scope);
  if (value.t === 'array') {
    if (sep === undefined && value.items.length > 0)
      throw new WdlEvalError(p.pos, 'an array in a placeholder needs the sep option');
    return value.items.map((x) => primitiveText(x) ?? '').join(sep ?? '');
  }
  if (value.t === 'bool') {
    const chosen = option(p, value.v ? 'true' : 'false', scope);
    if (chosen !== undefined) return chosen;
  }
  const text = primitiveText(value);
  if (text === undefined) throw new WdlEvalError(p.pos, `cannot put ${describe(value)} in a string`);
  return text;
}
