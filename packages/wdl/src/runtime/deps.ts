/**
 * Which names an expression or workflow element reads, and which names an element defines: the dependency order
 * of declarations and calls comes from these.
 */
import type { Expr, StringPart, WorkflowElement } from '../syntax/ast.js';

/** Names an expression reads (for `a.b.c`, the first name `a`). */
export function freeNames(expr: Expr | undefined, out = new Set<string>()): Set<string> {
  if (expr === undefined) return out;
  switch (expr.kind) {
    case 'ident':
      out.add(expr.name);
      break;
    case 'string':
      partsNames(expr.parts, out);
      break;
    case 'array':
      expr.items.forEach((e) => freeNames(e, out));
      break;
    case 'pairLit':
      freeNames(expr.left, out);
      freeNames(expr.right, out);
      break;
    case 'mapLit':
      expr.entries.forEach(([k, v]) => (freeNames(k, out), freeNames(v, out)));
      break;
    case 'objectLit':
      expr.entries.forEach(([, v]) => freeNames(v, out));
      break;
    case 'ifThenElse':
      [expr.cond, expr.then, expr.else].forEach((e) => freeNames(e, out));
      break;
    case 'binary':
      freeNames(expr.left, out);
      freeNames(expr.right, out);
      break;
    case 'unary':
      freeNames(expr.operand, out);
      break;
    case 'apply':
      expr.args.forEach((e) => freeNames(e, out));
      break;
    case 'index':
      freeNames(expr.target, out);
      freeNames(expr.index, out);
      break;
    case 'member':
      freeNames(expr.target, out);
      break;
  }
  return out;
}

/** Names read by the placeholders of string or command parts. */
export function partsNames(parts: StringPart[], out = new Set<string>()): Set<string> {
  for (const p of parts) {
    if (typeof p === 'string') continue;
    freeNames(p.expr, out);
    Object.values(p.options).forEach((e) => freeNames(e, out));
  }
  return out;
}

/** Names an element binds in its enclosing scope (a scatter or conditional exports its body's names). */
export function definedNames(el: WorkflowElement): string[] {
  switch (el.kind) {
    case 'decl':
      return [el.name];
    case 'call':
      return [callName(el)];
    case 'scatter':
    case 'conditional':
      return el.body.flatMap(definedNames);
  }
}

/** The name a call's outputs are bound to: its alias, or the last part of its target. */
export function callName(call: Extract<WorkflowElement, { kind: 'call' }>): string {
  return call.alias ?? call.target.split('.').pop()!;
}

/** Names an element reads from outside itself. */
export function elementNames(el: WorkflowElement): Set<string> {
  switch (el.kind) {
    case 'decl':
      return freeNames(el.expr);
    case 'call': {
      const out = new Set<string>(el.afters);
      Object.values(el.inputs).forEach((e) => freeNames(e, out));
      return out;
    }
    case 'scatter':
    case 'conditional': {
      const out = freeNames(el.expr);
      const inner = new Set(el.body.flatMap(definedNames));
      if (el.kind === 'scatter') inner.add(el.variable);
      for (const b of el.body) for (const n of elementNames(b)) if (!inner.has(n)) out.add(n);
      return out;
    }
  }
}
