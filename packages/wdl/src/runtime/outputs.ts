/**
 * A workflow's outputs: its `output` section evaluated over the root block's bindings, or, without one (draft-2
 * and 1.0 allow it), every call's outputs.
 */
import { evaluate } from '../eval/expr.js';
import type { StdlibContext } from '../stdlib/index.js';
import type { Workflow, WorkflowElement } from '../syntax/ast.js';
import { coerce } from '../types/coerce.js';
import { V, type WdlValue } from '../values.js';
import type { Bindings } from './block.js';
import type { Namespace } from './bundle.js';
import { callName } from './deps.js';
import { declType, envOf, makeScope } from './scope.js';

/** Output bindings (unqualified names) of a workflow. */
export function evalWorkflowOutputs(ns: Namespace, wf: Workflow, bindings: Bindings, lib: StdlibContext): Bindings {
  const scope = makeScope(ns, envOf(bindings), lib);
  if (wf.outputs === null) return callOutputs(wf.body, bindings);
  const out: Bindings = [];
  for (const decl of wf.outputs) {
    const value = coerce(evaluate(decl.expr!, scope), declType(ns, decl), decl.pos);
    scope.env.bind(decl.name, value);
    out.push([decl.name, value]);
  }
  return out;
}

function callOutputs(body: WorkflowElement[], bindings: Bindings): Bindings {
  const out: Bindings = [];
  for (const el of body) {
    if (el.kind === 'call') {
      const value = bindings.find(([k]) => k === callName(el))?.[1];
      if (value !== undefined)
        for (const k of memberNames(value)) out.push([`${callName(el)}.${k}`, project(value, k)]);
    } else if (el.kind !== 'decl') {
      for (const [k, v] of callOutputs(el.body, bindings)) out.push([k, v as WdlValue]);
    }
  }
  return out;
}

/**
 * The output names of a call's value: an object, or, for a call inside scatters and conditionals, arrays of them
 * with None where the call did not run (the names are read from the first run found; a call that never ran
 * contributes no outputs).
 */
function memberNames(value: WdlValue): string[] {
  if (value.t === 'object') return value.members.map(([k]) => k);
  if (value.t === 'array') for (const item of value.items) if (memberNames(item).length > 0) return memberNames(item);
  return [];
}

/** Output `name` of every run in a call's (gathered) value, in the same array shape; None stays None. */
function project(value: WdlValue, name: string): WdlValue {
  if (value.t === 'object') return value.members.find(([k]) => k === name)?.[1] ?? V.null;
  if (value.t === 'array') return V.array(value.items.map((item) => project(item, name)));
  return V.null;
}
