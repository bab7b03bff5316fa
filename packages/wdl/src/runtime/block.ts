/**
 * A workflow block (the workflow body, or the body of a scatter or conditional) evaluated as far as it can go:
 * declarations at once, and for calls, scatters and true conditionals a request to run them as jobs. The
 * results of those jobs come back in a later step, which binds them and goes on. No Toil here: jobs.ts turns the
 * requests into child jobs and the next step into a follow-on.
 */
import { WdlEvalError } from '../errors.js';
import type { EvalScope } from '../eval/expr.js';
import { evaluate } from '../eval/expr.js';
import type { Call, Workflow, WorkflowElement } from '../syntax/ast.js';
import { coerce, describe } from '../types/coerce.js';
import { V, type WdlValue } from '../values.js';
import type { Namespace } from './bundle.js';
import { definedNames, elementNames } from './deps.js';
import { declType } from './scope.js';

/** Bindings as a list (JSON-like, so they travel as job arguments). */
export type Bindings = Array<[string, WdlValue]>;

/** What a step asks to be run. */
export type Request =
  | { kind: 'call'; index: number; call: Call; inputs: Bindings }
  | { kind: 'scatter'; index: number; variable: string; items: WdlValue[] }
  | { kind: 'conditional'; index: number };

/** A finished request's outcome, as the next step receives it. */
export type Outcome =
  | { kind: 'call'; index: number; outputs: Bindings }
  | { kind: 'scatter'; index: number; items: Bindings[] }
  | { kind: 'conditional'; index: number; bindings: Bindings };

/** The elements of the block at `path` (indices into bodies, from the workflow body down). */
export function blockElements(wf: Workflow, path: number[]): WorkflowElement[] {
  let elements: WorkflowElement[] = path.length === 0 ? [...(wf.inputs ?? []), ...wf.body] : wf.body;
  for (const [depth, i] of path.entries()) {
    const el = (depth === 0 ? wf.body : elements)[i];
    if (el?.kind !== 'scatter' && el?.kind !== 'conditional') throw new Error(`bad block path ${path.join('.')}`);
    elements = el.body;
  }
  return elements;
}

/** Binds finished requests' outcomes: call outputs as an object, scatter results as arrays. */
export function bindOutcomes(
  elements: WorkflowElement[],
  outcomes: Outcome[],
  scope: EvalScope,
  done: Set<number>,
): void {
  for (const o of outcomes) {
    const el = elements[o.index];
    done.add(o.index);
    if (o.kind === 'call') scope.env.bind(definedNames(el)[0], V.object(o.outputs));
    else if (o.kind === 'conditional') for (const [k, v] of o.bindings) scope.env.bind(k, v);
    else
      for (const name of definedNames(el))
        scope.env.bind(name, V.array(o.items.map((b) => b.find(([k]) => k === name)?.[1] ?? V.null)));
  }
}

/**
 * Evaluates every element that is ready; returns the requests for calls, scatters and conditionals that are.
 * `given` holds workflow inputs (root block only).
 */
export function step(
  ns: Namespace,
  elements: WorkflowElement[],
  scope: EvalScope,
  done: Set<number>,
  given: Map<string, WdlValue>,
): Request[] {
  const requests: Request[] = [];
  const local = new Set(elements.flatMap(definedNames));
  const started = new Set<number>();
  let progress = true;
  while (progress) {
    progress = false;
    for (const [index, el] of elements.entries()) {
      if (done.has(index) || started.has(index)) continue;
      const ready = [...elementNames(el)].every((n) => !local.has(n) || scope.env.has(n));
      if (!ready) continue;
      progress = true;
      const request = start(ns, el, index, scope, given);
      if (request === undefined) done.add(index);
      else {
        started.add(index);
        requests.push(request);
      }
    }
  }
  if (requests.length === 0 && done.size < elements.length) {
    // Nothing can start: evaluating the first waiting element reports the unknown name or the cycle.
    const index = elements.findIndex((_, i) => !done.has(i));
    start(ns, elements[index], index, scope, given);
    throw new WdlEvalError(elements[index].pos, 'this element depends on itself through others (a cycle)');
  }
  return requests;
}

function start(
  ns: Namespace,
  el: WorkflowElement,
  index: number,
  scope: EvalScope,
  given: Map<string, WdlValue>,
): Request | undefined {
  switch (el.kind) {
    case 'decl': {
      const type = declType(ns, el);
      const supplied =
        el.expr !== undefined && !type.opt && given.get(el.name)?.t === 'null' ? undefined : given.get(el.name);
      let value: WdlValue;
      if (supplied !== undefined) value = coerce(supplied, type, el.pos);
      else if (el.expr !== undefined) value = coerce(evaluate(el.expr, scope), type, el.pos);
      else if (type.opt) value = V.null;
      else throw new WdlEvalError(el.pos, `missing required input '${el.name}'`);
      scope.env.bind(el.name, value);
      return undefined;
    }
    case 'call': {
      const inputs = Object.entries(el.inputs).map(([k, e]): [string, WdlValue] => [k, evaluate(e, scope)]);
      return { kind: 'call', index, call: el, inputs };
    }
    case 'scatter': {
      const over = evaluate(el.expr, scope);
      if (over.t !== 'array') throw new WdlEvalError(el.expr.pos, `scatter needs an Array, not ${describe(over)}`);
      return { kind: 'scatter', index, variable: el.variable, items: over.items };
    }
    case 'conditional': {
      const cond = evaluate(el.expr, scope);
      if (cond.t !== 'bool') throw new WdlEvalError(el.expr.pos, `if needs a Boolean, not ${describe(cond)}`);
      if (cond.v) return { kind: 'conditional', index };
      for (const name of definedNames(el)) scope.env.bind(name, V.null);
      return undefined;
    }
  }
}

/** The bindings a finished block hands to its parent: the names its elements define. */
export function blockResult(elements: WorkflowElement[], scope: EvalScope): Bindings {
  return elements.flatMap(definedNames).map((n): [string, WdlValue] => [n, scope.env.get(n) ?? V.null]);
}
