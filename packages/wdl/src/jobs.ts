/**
 * The Toil jobs of a WDL run, defined at module top level so that workers load them from the bundled module:
 * `wdlWorkflow` (a workflow: its root block, then its outputs), `wdlBlock` (one step of a block, see
 * runtime/block.ts), `wdlCall` (a call: inputs bound, then the task or sub-workflow as a child) and `wdlTaskRun`
 * (the command, with the task's cpu/memory/disks as the job's requirements).
 */
import { join } from 'node:path';
import { defineJob, type JobContext } from '@toil/core';
import { dockerCall } from '@toil/containers';
import { WdlInputError } from './errors.js';
import { fromJson } from './types/json.js';
import type { WdlValue } from './values.js';
import {
  bindOutcomes,
  blockElements,
  blockResult,
  step,
  type Bindings,
  type Outcome,
  type Request,
} from './runtime/block.js';
import { openBundle, resolveCallee, type Bundle, type Namespace } from './runtime/bundle.js';
import type { WdlRunOptions } from './runtime/options.js';
import { declType, envOf, makeScope } from './runtime/scope.js';
import { evalWorkflowOutputs } from './runtime/outputs.js';
import { storeGroups, withJobStoreFiles } from './runtime/workflow-files.js';
import { executeTask, prepareTask, type ContainerRun, type PreparedTask } from './runtime/task-run.js';
import type { StdlibContext } from './stdlib/index.js';

/** Where a workflow is: the bundle, the document path (a key of `bundle.sources`), and the workflow's name. */
export interface WorkflowRef {
  readonly bundle: Bundle;
  readonly docPath: string;
}

function namespaceAt(ref: WorkflowRef): Namespace {
  const root = openBundle(ref.bundle);
  const find = (ns: Namespace): Namespace | undefined =>
    ns.doc.file === ref.docPath ? ns : [...ns.imports.values()].map(find).find((x) => x !== undefined);
  const ns = find(root);
  if (ns === undefined) throw new Error(`document ${ref.docPath} is not part of the workflow`);
  return ns;
}

function libFor(ns: Namespace, opts: WdlRunOptions, localPath?: StdlibContext['localPath']): StdlibContext {
  return { cwd: opts.cwd, writeDir: join(opts.workRoot, 'workflow-files'), version: ns.doc.version, localPath };
}

/** Where a job puts the job-store copies its workflow-level expressions read (a fresh folder per job). */
function fetchDir(ctx: JobContext): string {
  return join(ctx.tempDir, 'wdl-read');
}

/** Arguments of wdlBlock. */
interface BlockArgs extends WorkflowRef {
  readonly path: number[];
  readonly env: Bindings;
  readonly given: Bindings;
  readonly done: number[];
  readonly outcomes: Outcome[];
  /** Inputs for calls inside this workflow, as JSON keyed `call.input` (nested inputs). */
  readonly nested: Record<string, unknown>;
  readonly opts: WdlRunOptions;
}

/** A workflow run: `inputs` are JSON keyed by input name (and `call.input` for nested call inputs). */
export const wdlWorkflow = defineJob(
  'wdlWorkflow',
  async (
    ctx: JobContext,
    ref: WorkflowRef,
    inputs: Record<string, unknown>,
    opts: WdlRunOptions,
    values: Bindings = [],
  ) => {
    const ns = namespaceAt(ref);
    const wf = ns.doc.workflow!;
    // Values from a calling workflow are typed already; JSON inputs are read by the declared types.
    const given: Bindings = [...values];
    const nested: Record<string, unknown> = {};
    const decls = wf.inputs ?? wf.body.filter((e) => e.kind === 'decl');
    for (const [key, json] of Object.entries(inputs)) {
      const decl = decls.find((d) => d.kind === 'decl' && d.name === key);
      if (values.some(([k]) => k === key)) continue;
      if (decl?.kind === 'decl') given.push([key, fromJson(json, declType(ns, decl), `${wf.name}.${key}`)]);
      else nested[key] = json;
    }
    const root = ctx.addChild(wdlBlock, { ...ref, path: [], env: [], given, done: [], outcomes: [], nested, opts });
    // A follow-on of this job, not of the root block: it must wait for the block's own follow-ons too.
    return ctx.addFollowOn(wdlOutputs, ref, root.rv() as unknown as Bindings, opts).rv();
  },
);

/** The workflow's outputs from its root block's bindings. */
export const wdlOutputs = defineJob(
  'wdlOutputs',
  async (ctx, ref: WorkflowRef, bindings: Bindings, opts: WdlRunOptions) => {
    const ns = namespaceAt(ref);
    const outputs = await withJobStoreFiles(ctx.fileStore, fetchDir(ctx), (localPath) =>
      evalWorkflowOutputs(ns, ns.doc.workflow!, bindings, libFor(ns, opts, localPath)),
    );
    // Files the outputs wrote (write_*) go to the job store, so the runner can export them from any node.
    return storeBindings(ctx, outputs);
  },
);

/** One step of a block: binds finished results, evaluates what is ready, and starts the rest as children. */
export const wdlBlock = defineJob('wdlBlock', async (ctx: JobContext, args: BlockArgs): Promise<Bindings> => {
  const ns = namespaceAt(args);
  const wf = ns.doc.workflow!;
  const elements = blockElements(wf, args.path);
  const offset = args.path.length === 0 ? (wf.inputs?.length ?? 0) : 0;
  // Evaluated again from the start whenever a file has to be fetched first (runtime/workflow-files.ts).
  const { scope, done, requests } = await withJobStoreFiles(ctx.fileStore, fetchDir(ctx), (localPath) => {
    const scope = makeScope(ns, envOf(args.env), libFor(ns, args.opts, localPath));
    const done = new Set(args.done);
    bindOutcomes(elements, args.outcomes, scope, done);
    return { scope, done, requests: step(ns, elements, scope, done, new Map(args.given)) };
  });
  // Files written here (write_*) go to the job store before other jobs, maybe on other nodes, get them.
  if (requests.length === 0) return storeBindings(ctx, blockResult(elements, scope));
  const env = await storeStep(ctx, scope.env.all(), requests);
  const outcomes: Outcome[] = requests.map((r): Outcome => {
    if (r.kind === 'call') {
      const name = r.call.alias ?? r.call.target.split('.').pop()!;
      const nested = Object.fromEntries(
        Object.entries(args.nested)
          .filter(([k]) => k.startsWith(`${name}.`))
          .map(([k, v]) => [k.slice(name.length + 1), v]),
      );
      // Named after the call, so `toil status` and `toil stats` show which call a job is.
      const h = ctx.addChild(
        wdlCall.named(name),
        { bundle: args.bundle, docPath: args.docPath },
        r.call.target,
        r.inputs,
        nested,
        args.opts,
      );
      return { kind: 'call', index: r.index, outputs: h.rv() as unknown as Bindings };
    }
    const child = (extra: Bindings) =>
      ctx
        .addChild(wdlBlock, {
          ...args,
          path: [...args.path, r.index - offset],
          env: [...env, ...extra],
          given: [],
          done: [],
          outcomes: [],
        })
        .rv() as unknown as Bindings;
    if (r.kind === 'scatter')
      return { kind: 'scatter', index: r.index, items: r.items.map((item) => child([[r.variable, item]])) };
    return { kind: 'conditional', index: r.index, bindings: child([]) };
  });
  const next = ctx.addFollowOn(wdlBlock, { ...args, env, done: [...done], outcomes, given: [] });
  return next.rv() as unknown as Bindings;
});

/** A call: binds the callee's inputs (call inputs, then nested JSON inputs), then runs it as a child. */
export const wdlCall = defineJob(
  'wdlCall',
  async (
    ctx: JobContext,
    ref: WorkflowRef,
    target: string,
    inputs: Bindings,
    nested: Record<string, unknown>,
    opts: WdlRunOptions,
  ) => {
    const ns = namespaceAt(ref);
    const callee = resolveCallee(ns, target, ns.doc.workflow?.pos ?? ns.doc.tasks[0].pos);
    if (callee.kind === 'workflow') {
      const sub = { bundle: ref.bundle, docPath: callee.ns.doc.file };
      return ctx.addChild(wdlWorkflow, sub, nested, opts, inputs).rv();
    }
    const given = new Map<string, WdlValue>(inputs);
    for (const [k, json] of Object.entries(nested)) {
      const decl = callee.task.inputs.find((d) => d.name === k);
      // WDL 1.1: an input the call sets cannot be overridden from outside (draft-2 and 1.0 engines ignored it).
      if (decl !== undefined && given.has(k) && ns.doc.version !== 'draft-2' && ns.doc.version !== '1.0')
        throw new WdlInputError(
          `The input '${target}.${k}' is set by the call, so it cannot be given in the inputs JSON; remove it`,
        );
      if (decl !== undefined && !given.has(k))
        given.set(k, fromJson(json, declType(callee.ns, decl), `${target}.${k}`));
    }
    const evaluated = await withJobStoreFiles(ctx.fileStore, fetchDir(ctx), (localPath) =>
      prepareTask(callee.ns, callee.task, given, libFor(callee.ns, opts, localPath)),
    );
    // The task may run on another node: Files its declarations wrote go to the job store first.
    const prepared = { ...evaluated, env: await storeBindings(ctx, evaluated.env) };
    const { cores, memory, disk } = prepared.resources;
    const def = wdlTaskRun.named(`task ${callee.task.name}`).withRequirements({
      ...(cores === undefined ? {} : { cores }),
      ...(memory === undefined ? {} : { memory: Math.ceil(memory) }),
      ...(disk === undefined ? {} : { disk: Math.ceil(disk) }),
    });
    return ctx
      .addChild(def, { bundle: ref.bundle, docPath: callee.ns.doc.file }, callee.task.name, prepared, opts)
      .rv();
  },
);

/** Runs a task's command and returns its outputs. */
export const wdlTaskRun = defineJob(
  'wdlTaskRun',
  async (
    ctx: JobContext,
    ref: WorkflowRef,
    taskName: string,
    prepared: PreparedTask,
    opts: WdlRunOptions,
  ): Promise<Bindings> => {
    const ns = namespaceAt(ref);
    const task = ns.doc.tasks.find((t) => t.name === taskName)!;
    return executeTask(ns, task, prepared, {
      workRoot: opts.workRoot,
      container: opts.container,
      warn: (m) => ctx.log(`WARNING: ${m}`),
      runContainer: (run) => inContainer(ctx, run),
      fileStore: ctx.fileStore,
    });
  },
);

/** `storeGroups` for one list of bindings. */
async function storeBindings(ctx: JobContext, bindings: Bindings): Promise<Bindings> {
  const [values] = await storeGroups(ctx.fileStore, [bindings.map(([, v]) => v)]);
  return bindings.map(([k], i): [string, WdlValue] => [k, values[i]]);
}

/**
 * Stores the Files of a block's bindings, call inputs and scatter items (the latter two in place, as they go to
 * child jobs) in one pass, so a file named in several of them is written once; returns the bindings.
 */
async function storeStep(ctx: JobContext, env: Bindings, requests: Request[]): Promise<Bindings> {
  const groups = [
    env.map(([, v]) => v),
    ...requests.map((r) => (r.kind === 'call' ? r.inputs.map(([, v]) => v) : r.kind === 'scatter' ? r.items : [])),
  ];
  const [stored, ...perRequest] = await storeGroups(ctx.fileStore, groups);
  for (const [i, r] of requests.entries()) {
    if (r.kind === 'call') r.inputs = r.inputs.map(([k], j) => [k, perRequest[i][j]]);
    else if (r.kind === 'scatter') r.items = perRequest[i];
  }
  return env.map(([k], i) => [k, stored[i]]);
}

/** Runs the script in the image with the task directory and input directories at their host paths. */
async function inContainer(ctx: JobContext, run: ContainerRun): Promise<number> {
  const volumes: Record<string, { bind: string; mode: 'rw' | 'ro' }> = {
    [run.taskDir]: { bind: run.taskDir, mode: 'rw' },
  };
  for (const dir of run.mounts) if (!dir.startsWith(run.taskDir)) volumes[dir] = { bind: dir, mode: 'ro' };
  const rcFile = join(run.taskDir, 'rc');
  // The wrapper always exits 0 and leaves the command's code in a file: returnCodes decides what a failure is.
  const wrapper = `bash ${q(run.script)} > ${q(run.stdout)} 2> ${q(run.stderr)}; echo $? > ${q(rcFile)}`;
  await dockerCall(ctx, {
    image: run.image,
    parameters: ['bash', '-c', wrapper],
    volumes,
    containerWorkingDir: run.workDir,
    entrypoint: [],
  });
  const { readFileSync } = await import('node:fs');
  return Number(readFileSync(rcFile, 'utf8').trim());
}

function q(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
