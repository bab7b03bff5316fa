/**
 * Evaluation scopes for a document: the names, the standard library in a directory, and the document's structs;
 * and declarations evaluated in dependency order.
 */
import { WdlEvalError, WdlInputError, WdlTypeError } from '../errors.js';
import { Env } from '../eval/env.js';
import { evaluate, type EvalScope } from '../eval/expr.js';
import { callStdlib, type StdlibContext } from '../stdlib/index.js';
import type { Decl } from '../syntax/ast.js';
import { coerce } from '../types/coerce.js';
import { resolveType, typeToString, type WdlType } from '../types/types.js';
import type { WdlValue } from '../values.js';
import type { Namespace } from './bundle.js';
import { freeNames } from './deps.js';

/** A scope for expressions of `ns` with `env` bound and the standard library running in `lib`. */
export function makeScope(ns: Namespace, env: Env, lib: StdlibContext): EvalScope {
  return {
    env,
    call: (name, args, pos) => callStdlib(name, args, lib, pos),
    struct: (name) =>
      ns.structs.has(name) ? resolveType({ kind: 'named', name, optional: false }, ns.structs) : undefined,
  };
}

/** The resolved type of a declaration, or a WdlTypeError naming an unknown struct. */
export function declType(ns: Namespace, decl: Decl): WdlType {
  const t = resolveType(decl.type, ns.structs);
  if (t === undefined) throw new WdlTypeError(decl.pos, `unknown type in the declaration of '${decl.name}'`);
  return t;
}

/**
 * Binds declarations into `scope.env` in dependency order (WDL allows a declaration to use one written after
 * it). A name in `given` takes the given value instead of the declaration's expression (inputs).
 */
export function evalDecls(
  ns: Namespace,
  decls: Decl[],
  scope: EvalScope,
  given: Map<string, WdlValue> = new Map(),
  what = 'input',
): void {
  const pending = [...decls];
  const names = new Set(decls.map((d) => d.name));
  while (pending.length > 0) {
    const index = pending.findIndex(
      (d) => given.has(d.name) || [...freeNames(d.expr)].every((n) => !names.has(n) || scope.env.has(n)),
    );
    // A cycle: evaluate the first one anyway, which reports the unknown name at its position.
    const decl = pending.splice(index < 0 ? 0 : index, 1)[0];
    const type = declType(ns, decl);
    // None given for a non-optional input with a default takes the default; an optional one keeps None (1.1).
    const supplied =
      decl.expr !== undefined && !type.opt && given.get(decl.name)?.t === 'null' ? undefined : given.get(decl.name);
    let value: WdlValue;
    if (supplied !== undefined) value = coerce(supplied, type, decl.pos);
    else if (decl.expr !== undefined) value = coerce(evaluate(decl.expr, scope), type, decl.pos);
    else if (type.opt) value = { t: 'null' };
    else
      throw new WdlInputError(
        `Missing required ${what} '${decl.name}' (${typeToString(type)}) at ${decl.pos.file}:${decl.pos.line}:${decl.pos.col}`,
      );
    scope.env.bind(decl.name, value);
  }
}

/** A fresh Env holding `bindings`. */
export function envOf(bindings: Array<[string, WdlValue]>): Env {
  const env = new Env();
  for (const [k, v] of bindings) env.bind(k, v);
  return env;
}

/** Throws the error for an unknown key among given inputs. */
export function unknownInput(name: string, where: string, known: string[]): never {
  throw new WdlInputError(`Unknown input '${name}' for ${where}; its inputs are: ${known.join(', ') || '(none)'}`);
}

/** Re-export for callers that build their own errors. */
export { WdlEvalError };
