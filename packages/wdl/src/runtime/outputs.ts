/**
 * A workflow's outputs: its `output` section evaluated over the root block's bindings, or, without one (draft-2
 * and 1.0 allow it), every call's outputs.
 */
import { evaluate } from '../eval/expr.js';
import type { StdlibContext } from '../stdlib/index.js';
import type { Workflow, WorkflowElement } from '../syntax/ast.js';
import { coerce } from '../types/coerce.js';
import type { WdlValue } from '../values.js';
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
      if (value?.t === 'object') for (const [k, v] of value.members) out.push([`${callName(el)}.${k}`, v]);
    } else if (el.kind !== 'decl') {
      for (const [k, v] of callOutputs(el.body, bindings)) out.push([k, v as WdlValue]);
    }
  }
  return out;
}
