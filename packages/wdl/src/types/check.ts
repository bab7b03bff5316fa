/**
 * The static type checker, run on every document of a workflow before anything executes: each declaration's
 * type exists and its value coerces to it, names resolve in their scope (inputs and declarations in any order,
 * call outputs as `call.output`, a scatter's names as arrays outside it, a conditional's as optionals, the
 * scatter variable inside), calls name a task or workflow and only its inputs with values of the right type, and
 * every expression (standard library calls included) has a type. The first problem is a WdlTypeError with
 * `file:line:col` and a caret excerpt.
 */
import { WdlTypeError } from '../errors.js';
import type { Namespace } from '../runtime/bundle.js';
import { resolveCallee } from '../runtime/callee.js';
import { callName } from '../runtime/deps.js';
import { STDLIB } from '../stdlib/index.js';
import type { Call, Decl, Task, TypeNode, Workflow, WorkflowElement } from '../syntax/ast.js';
import type { CoerceRules } from './check-coerce.js';
import { checkParts, expectType, typeOf, type TypeScope } from './check-expr.js';
import { resolveType, typeToString, withOpt, type WdlType } from './types.js';

const ANY: WdlType = { k: 'Any', opt: false };

/** Names and their types in one scope, with the enclosing scope. */
class Names {
  private readonly own = new Map<string, WdlType>();
  constructor(private readonly parent?: Names) {}
  get(name: string): WdlType | undefined {
    return this.own.get(name) ?? this.parent?.get(name);
  }
  set(name: string, type: WdlType): void {
    this.own.set(name, type);
  }
  entries(): Array<[string, WdlType]> {
    return [...this.own];
  }
}

/** Checks a document and everything it imports; throws the first WdlTypeError found. */
export function checkNamespace(ns: Namespace, checked = new Set<Namespace>()): void {
  if (checked.has(ns)) return;
  checked.add(ns);
  for (const sub of ns.imports.values()) checkNamespace(sub, checked);
  const ctx = new Checker(ns);
  for (const s of ns.doc.structs) for (const m of s.members) ctx.declType(m);
  for (const task of ns.doc.tasks) ctx.task(task);
  if (ns.doc.workflow !== undefined) ctx.workflow(ns.doc.workflow);
}

class Checker {
  private readonly rules: CoerceRules;
  private readonly extra: ReadonlySet<string>;

  constructor(private readonly ns: Namespace) {
    // WDL 1.1 made `T?` where `T` is expected an error; draft-2 and 1.0 documents rely on the old leniency.
    this.rules = { strictOptional: ns.doc.version === '1.1' || ns.doc.version === 'development' };
    this.extra = new Set(Object.keys(STDLIB));
  }

  /** The resolved type of a declaration, or a WdlTypeError naming the unknown struct. */
  declType(decl: Decl, ns = this.ns): WdlType {
    const t = resolveType(decl.type, ns.structs);
    if (t !== undefined) return t;
    const unknown = unknownName(decl.type, ns);
    throw new WdlTypeError(
      decl.pos,
      unknown === undefined
        ? `the type of '${decl.name}' refers to itself`
        : `unknown type '${unknown}' in the declaration of '${decl.name}'`,
    );
  }

  private scope(names: Names): TypeScope {
    return {
      lookup: (n) => names.get(n),
      struct: (n) =>
        this.ns.structs.has(n) ? resolveType({ kind: 'named', name: n, optional: false }, this.ns.structs) : undefined,
      rules: this.rules,
      extraFunctions: this.extra,
    };
  }

  /** Declarations bound together (any order), each value checked against its declared type. */
  private decls(decls: Decl[], names: Names): void {
    for (const d of decls) names.set(d.name, this.declType(d));
    const scope = this.scope(names);
    for (const d of decls)
      if (d.expr !== undefined) expectType(d.expr, names.get(d.name)!, scope, `the value of '${d.name}'`);
  }

  task(task: Task): void {
    const names = new Names();
    this.decls([...task.inputs, ...task.decls], names);
    const scope = this.scope(names);
    checkParts(task.command.parts, scope);
    for (const e of Object.values(task.runtime)) typeOf(e, scope);
    this.decls(task.outputs, new Names(names));
  }

  workflow(wf: Workflow): void {
    const root = new Names();
    for (const d of wf.inputs ?? []) root.set(d.name, this.declType(d));
    this.block(wf.body, root);
    const scope = this.scope(root);
    for (const d of wf.inputs ?? [])
      if (d.expr !== undefined) expectType(d.expr, root.get(d.name)!, scope, `the value of '${d.name}'`);
    if (wf.outputs !== null) this.decls(wf.outputs, new Names(root));
  }

  /** Binds a block's names (nested blocks' names wrapped), then checks each element in that scope. */
  private block(body: WorkflowElement[], names: Names): void {
    for (const [n, t] of this.blockNames(body)) names.set(n, t);
    const scope = this.scope(names);
    for (const el of body) {
      if (el.kind === 'decl') {
        if (el.expr !== undefined) expectType(el.expr, names.get(el.name)!, scope, `the value of '${el.name}'`);
      } else if (el.kind === 'call') this.call(el, scope);
      else if (el.kind === 'conditional') {
        expectType(el.expr, { k: 'prim', name: 'Boolean', opt: false }, scope, 'the condition of if');
        this.block(el.body, new Names(names));
      } else {
        const t = typeOf(el.expr, scope);
        if (t.k !== 'Array' && t.k !== 'Any')
          throw new WdlTypeError(el.expr.pos, `scatter needs an Array to iterate over, not ${typeToString(t)}`);
        const inner = new Names(names);
        inner.set(el.variable, t.k === 'Array' ? t.item : ANY);
        this.block(el.body, inner);
      }
    }
  }

  /** Names a block defines as seen after it: a scatter's as arrays, a conditional's as optionals. */
  private blockNames(body: WorkflowElement[]): Array<[string, WdlType]> {
    const out: Array<[string, WdlType]> = [];
    for (const el of body) {
      if (el.kind === 'decl') out.push([el.name, this.declType(el)]);
      else if (el.kind === 'call') out.push([callName(el), this.callOutputs(el)]);
      else
        for (const [n, t] of this.blockNames(el.body))
          out.push([
            n,
            el.kind === 'scatter' ? { k: 'Array', item: t, nonEmpty: false, opt: false } : withOpt(t, true),
          ]);
    }
    return out;
  }

  /** A call's outputs as a struct-like type named after the call. */
  private callOutputs(call: Call): WdlType {
    const callee = resolveCallee(this.ns, call.target, call.pos);
    const outputs = callee.kind === 'task' ? callee.task.outputs : callee.workflow.outputs;
    // A workflow without an output section (draft-2, 1.0) exposes its calls' outputs: not typed here.
    if (outputs === null) return ANY;
    const members = outputs.map((d): [string, WdlType] => [d.name, this.declType(d, callee.ns)]);
    return { k: 'Struct', name: `call ${callName(call)}`, members, opt: false };
  }

  private call(call: Call, scope: TypeScope): void {
    const callee = resolveCallee(this.ns, call.target, call.pos);
    const inputs =
      callee.kind === 'task'
        ? callee.task.inputs
        : (callee.workflow.inputs ?? callee.workflow.body.filter((e): e is Decl => e.kind === 'decl'));
    for (const [name, expr] of Object.entries(call.inputs)) {
      const decl = inputs.find((d) => d.name === name);
      if (decl === undefined)
        throw new WdlTypeError(
          expr.pos,
          `call '${callName(call)}' has no input '${name}'; ${call.target}'s inputs: ${inputs.map((d) => d.name).join(', ') || '(none)'}`,
        );
      // WDL 1.1: None given for a non-optional input with a default means "take the default".
      const type = withOpt(this.declType(decl, callee.ns), decl.expr !== undefined || decl.type.optional);
      expectType(expr, type, scope, `input '${name}' of call '${callName(call)}'`);
    }
    for (const after of call.afters)
      if (scope.lookup(after) === undefined) throw new WdlTypeError(call.pos, `'after ${after}' names no call`);
  }
}

/** The first struct name in a written type that the namespace does not define. */
function unknownName(node: TypeNode, ns: Namespace): string | undefined {
  switch (node.kind) {
    case 'prim':
      return undefined;
    case 'array':
      return unknownName(node.item, ns);
    case 'map':
      return unknownName(node.key, ns) ?? unknownName(node.value, ns);
    case 'pair':
      return unknownName(node.left, ns) ?? unknownName(node.right, ns);
    case 'named':
      return ns.structs.has(node.name) ? undefined : node.name;
  }
}
