/**
 * What a call names: `task`, `wf` or `ns.task` resolved through a document's imports. Apart from bundle.ts so that
 * the type checker (which bundle.ts runs) can use it without an import cycle.
 */
import { WdlTypeError } from '../errors.js';
import type { Task, Workflow } from '../syntax/ast.js';
import type { Namespace } from './bundle.js';

/** What a call names: a task or a workflow, with the namespace it is defined in. */
export type Callee =
  { kind: 'task'; task: Task; ns: Namespace } | { kind: 'workflow'; workflow: Workflow; ns: Namespace };

/** Resolves a call target (`task`, `wf`, `ns.task`) from a namespace. */
export function resolveCallee(ns: Namespace, target: string, pos: Task['pos']): Callee {
  const parts = target.split('.');
  let here = ns;
  for (const part of parts.slice(0, -1)) {
    const next = here.imports.get(part);
    if (next === undefined) throw new WdlTypeError(pos, `no imported namespace '${part}' (call '${target}')`);
    here = next;
  }
  const name = parts[parts.length - 1];
  const task = here.doc.tasks.find((t) => t.name === name);
  if (task) return { kind: 'task', task, ns: here };
  if (here.doc.workflow?.name === name && here !== ns)
    return { kind: 'workflow', workflow: here.doc.workflow, ns: here };
  throw new WdlTypeError(pos, `no task or workflow named '${target}'`);
}
