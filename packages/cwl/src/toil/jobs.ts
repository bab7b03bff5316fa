/**
 * The Toil jobs of a CWL run, defined at module top level so workers load them from the job store's bundle of
 * this module (dist/jobs.js). Every argument is plain data: a process is named by its document and the step ids
 * leading to it (`Where`) and reloaded in the worker, and Files travel as FileIDs (files.ts).
 *
 * - `cwlRound`: one round of a Workflow's dataflow. The steps whose sources all exist become children; a follow-on
 *   round carries their results (rv()) and starts what they unblock, until every step has run and the round
 *   computes the workflow's outputs. Toil runs children only after their parent returns, so the dataflow is
 *   unrolled into child + follow-on rounds (a step waits for the round before it, not just its own sources).
 * - `cwlStep`: one step, in the job that has its input values: valueFrom and `when`, then the process as a child
 *   (a tool job with its ResourceRequirement as the job's requirements, or a sub-workflow's first round); a
 *   scatter is one child per element and a `cwlGather` follow-on that nests their outputs.
 * - `cwlTool`: a CommandLineTool or ExpressionTool: inputs downloaded from the job store, the tool run in the
 *   job's temp folder, outputs uploaded.
 */
import { defineJob, type JobContext } from '@toil/core';
import { CwlInputError } from '../errors.js';
import { Sandbox } from '../expr/sandbox.js';
import { loadProcess } from '../loader/load.js';
import type { Process, Step } from '../model.js';
import type { RunContext } from '../runtime/context.js';
import { exprContext } from '../runtime/expr-context.js';
import { bindInputs, CONTENTS_LIMIT } from '../runtime/inputs.js';
import { Requirements, type Inherited } from '../runtime/requirements.js';
import { runProcess } from '../runtime/run-process.js';
import { resources } from '../tool/resources.js';
import { isFileLike } from '../types/check.js';
import {
  bindStepInputs,
  prepareStepJob,
  stepInputValue,
  stepRequirements,
  workflowOutput,
} from '../workflow/run-workflow.js';
import { emptyNest, putAt, scatterJobs } from '../workflow/scatter.js';
import { downloadFiles, storedId, uploadFiles } from './files.js';
import { markerIn, markFailures } from './markers.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { inplaceJobFor } from './inplace.js';

/** A process: the document reference (`file#fragment`, absolute) and the step ids from its root process. */
export interface Where {
  /** The document, as loadProcess takes it. */
  ref: string;
  /** Step ids from the root workflow to the process. */
  path: string[];
}

/** Runner options every job needs. */
export interface CwlJobOptions {
  /** Containers allowed (false: --no-container). */
  containers: boolean;
  /** Time limit of one JavaScript expression, in ms. */
  evalTimeoutMs: number;
  /** `--default-container IMAGE`, for tools without a DockerRequirement. */
  defaultContainer?: string;
  /** `--tmp-outdir-prefix`: a folder (on the worker's node) for the tools' output folders. */
  tmpOutdirPrefix?: string;
  /**
   * `--preserve-environment` names. The worker reads their values from its own environment, which every batch
   * system forwards from the leader's, so no value (a token, say) is written into the job store.
   */
  preserveEnvironment?: string[];
  /** `--preserve-entire-environment`. */
  preserveEntireEnvironment?: boolean;
  /**
   * Whether tool jobs send their command lines to the leader (`ctx.log` at INFO); absent means yes. False when
   * the leader shows nothing below WARNING (`--quiet`) and keeps no job logs: every message is a record in the
   * job store that the job writes and the leader reads and removes, once per tool job.
   */
  logCommands?: boolean;
}

/** A workflow round's arguments. */
export interface RoundArgs {
  /** The workflow. */
  where: Where;
  /** What it inherits from its step and enclosing workflows. */
  inherited: Inherited;
  /** Its bound inputs. */
  inputs: Record<string, unknown>;
  /** Output objects of the steps that have run (rv() of the previous round's children until it resolves). */
  results: Record<string, Record<string, unknown> | null>;
  /** Runner options. */
  opts: CwlJobOptions;
}

const loaded = new Map<string, Process>();

/** The process at `where`, the document loaded once per process (a worker runs many jobs of one document). */
export function processAt(where: Where): Process {
  let process = loaded.get(where.ref);
  if (process === undefined) {
    process = loadProcess(where.ref);
    loaded.set(where.ref, process);
  }
  for (const id of where.path) process = stepOf(process, id).run;
  return process;
}

function stepOf(workflow: Process, id: string): Step {
  const step = workflow.steps?.find((s) => s.id === id);
  if (step === undefined) throw new CwlInputError(`Workflow '${workflow.id || workflow.file}' has no step '${id}'.`);
  return step;
}

/** Runs `fn` with a RunContext in the job's temp folder; the expression sandbox is closed after. */
async function withRun<T>(ctx: JobContext, opts: CwlJobOptions, fn: (run: RunContext) => Promise<T>): Promise<T> {
  const sandbox = new Sandbox(opts.evalTimeoutMs);
  const outRoot = opts.tmpOutdirPrefix === undefined ? undefined : mkdtempSync(join(opts.tmpOutdirPrefix, 'cwl-out-'));
  const run: RunContext = {
    sandbox,
    // The job's own scratch folder (private, removed by core when the job ends), made on first use: a step or
    // round job that only adds children makes none, and a tool's folders go straight in it (every folder made or
    // removed costs ~0.5 ms of system time here, a few per job over a 50-way scatter).
    get workRoot() {
      return ctx.tempDir;
    },
    containers: opts.containers,
    defaultContainer: opts.defaultContainer,
    outRoot,
    preserveEnvironment: opts.preserveEnvironment,
    preserveEntireEnvironment: opts.preserveEntireEnvironment,
    log: opts.logCommands === false ? () => undefined : (message) => ctx.log(message),
  };
  try {
    return await fn(run);
  } finally {
    await sandbox.close();
    // The job's outputs are in the job store by now; the local temp dir goes with the job, this folder does not.
    if (outRoot !== undefined) rmSync(outRoot, { recursive: true, force: true });
  }
}

/** One round of a workflow's dataflow (see the module comment). */
export const cwlRound = defineJob('cwlRound', (ctx: JobContext, args: RoundArgs) =>
  markFailures(() => runRound(ctx, args)),
);

async function runRound(ctx: JobContext, args: RoundArgs): Promise<unknown> {
  // A step that failed or met an unsupported feature ends the workflow with its marker.
  const marked = Object.values(args.results).find((r) => markerIn(r) !== undefined);
  if (marked !== undefined) return marked;
  const workflow = processAt(args.where);
  const reqs = new Requirements(workflow, args.inherited);
  reqs.checkSupported({ containers: args.opts.containers });
  const { inputs, results } = args;
  const exists = (ref: string) => ref in inputs || ref.split('/')[0] in results;
  const value = (ref: string): unknown => {
    if (ref in inputs) return inputs[ref];
    const slash = ref.indexOf('/');
    return results[ref.slice(0, slash)]?.[ref.slice(slash + 1)] ?? null;
  };
  const steps = workflow.steps ?? [];
  const ready = steps.filter((s) => !(s.id in results) && s.in.every((i) => i.source.every(exists)));
  if (ready.length === 0) {
    const waiting = steps.filter((s) => !(s.id in results)).map((s) => s.id);
    if (waiting.length > 0)
      throw new CwlInputError(
        `Workflow '${workflow.id || workflow.file}': steps ${waiting.join(', ')} wait on sources nothing gives.`,
      );
    return Object.fromEntries(
      workflow.outputs.map((o) => [o.id, workflowOutput(o, (o.outputSource ?? []).map(value))]),
    );
  }
  const next: RoundArgs['results'] = { ...results };
  for (const step of ready) {
    const values: Record<string, unknown> = {};
    for (const input of step.in) {
      let got = stepInputValue(step, input, input.source.map(value));
      if (input.loadContents === true && isFileLike(got))
        got = { ...got, contents: await contents(ctx, got, input.id) };
      values[input.id] = got;
    }
    const h = ctx.addChild(cwlStep, {
      where: args.where,
      step: step.id,
      inherited: reqs.inherit(),
      values,
      opts: args.opts,
    });
    next[step.id] = h.rv() as unknown as Record<string, unknown>;
  }
  return ctx.addFollowOn(cwlRound, { ...args, results: next }).rv();
}

async function contents(ctx: JobContext, file: Record<string, unknown>, what: string): Promise<string> {
  const id = storedId(file);
  if (id === undefined)
    throw new CwlInputError(`Input '${what}': loadContents needs a File, not ${JSON.stringify(file)}.`);
  const bytes = await ctx.fileStore.readGlobalFileBytes(id);
  return bytes.subarray(0, CONTENTS_LIMIT).toString('utf8');
}

/** A step's arguments. */
interface StepArgs {
  where: Where;
  step: string;
  inherited: Inherited;
  values: Record<string, unknown>;
  opts: CwlJobOptions;
}

/** One step: valueFrom and `when` on its values, then its process (or one per scatter element) as children. */
export const cwlStep = defineJob('cwlStep', (ctx: JobContext, args: StepArgs) =>
  markFailures(() => runStep(ctx, args)),
);

async function runStep(ctx: JobContext, args: StepArgs): Promise<unknown> {
  const workflow = processAt(args.where);
  const step = stepOf(workflow, args.step);
  const stepReqs = stepRequirements(step, new Requirements(workflow, args.inherited));
  const where = { ref: args.where.ref, path: [...args.where.path, step.id] };
  return withRun(ctx, args.opts, async (run) => {
    const start = async (jobInputs: Record<string, unknown>): Promise<unknown> => {
      const passed = await prepareStepJob(step, jobInputs, stepReqs, run);
      if (passed === null) return null;
      const childReqs = new Requirements(step.run, stepReqs.inherit());
      const inherited = stepReqs.inherit();
      if (step.run.class === 'Workflow') {
        const inputs = bindStepInputs(step, passed, childReqs);
        return ctx.addChild(cwlRound, { where, inherited, inputs, results: {}, opts: args.opts }).rv();
      }
      // Figures are evaluated on the bound inputs: a ResourceRequirement may read a default File's size.
      const def = await toolJob(childReqs, run, bindStepInputs(step, passed, childReqs));
      // Named after the step (its path from the root workflow), as toil status and toil stats show it.
      return ctx.addChild(def.named(where.path.join('/')), { where, inherited, inputs: passed, opts: args.opts }).rv();
    };
    if (step.scatter.length === 0) {
      const result = await start(args.values);
      return result ?? Object.fromEntries(step.out.map((name) => [name, null]));
    }
    const { jobs, shape } = scatterJobs(args.values, step.scatter, step.scatterMethod);
    const parts: unknown[] = [];
    for (const job of jobs) parts.push(await start(job.inputs));
    const paths = jobs.map((job) => job.path);
    return ctx.addFollowOn(cwlGather, { shape, paths, parts: parts as Record<string, unknown>[], out: step.out }).rv();
  });
}

/** Gathers a scatter's outputs into nested lists of the scatter's shape. */
export const cwlGather = defineJob(
  'cwlGather',
  async (
    _ctx: JobContext,
    args: { shape: number[]; paths: number[][]; parts: (Record<string, unknown> | null)[]; out: string[] },
  ) => {
    const marked = args.parts.find((p) => markerIn(p) !== undefined);
    if (marked) return marked;
    const out: Record<string, unknown> = {};
    for (const name of args.out) {
      const nest = emptyNest(args.shape);
      args.paths.forEach((path, i) => putAt(nest, path, args.parts[i]?.[name] ?? null));
      out[name] = nest;
    }
    return out;
  },
);

/** A tool's arguments. */
export interface ToolArgs {
  /** The tool. */
  where: Where;
  /** What it inherits. */
  inherited: Inherited;
  /** Its inputs (Files in the job store). */
  inputs: Record<string, unknown>;
  /** Runner options. */
  opts: CwlJobOptions;
}

/** A CommandLineTool or ExpressionTool run in this job's temp folder, its files through the job store. */
export const cwlTool = defineJob('cwlTool', (ctx: JobContext, args: ToolArgs) =>
  markFailures(() => runTool(ctx, args)),
);

async function runTool(ctx: JobContext, args: ToolArgs): Promise<Record<string, unknown>> {
  const tool = processAt(args.where);
  return withRun(ctx, args.opts, async (run) => {
    const known = new Map<string, string>();
    const fileStore = ctx.fileStore;
    const reqs = new Requirements(tool, args.inherited);
    // In a workflow with InplaceUpdateRequirement, changes made in place go back into the job store (inplace.ts).
    const inplace = inplaceJobFor(fileStore, args.where.ref, args.inherited.overrides ?? [], reqs, run.workRoot);
    const mutable = inplace?.mutable === true;
    await downloadFiles(
      args.inputs,
      run.workRoot,
      async (id, dest) => void (await fileStore.readGlobalFile(id, dest, { mutable })),
      known,
      inplace?.trees,
    );
    inplace?.snapshot(known);
    const listing = String(reqs.get('LoadListingRequirement')?.loadListing ?? 'no_listing');
    const bound = bindInputs(tool.inputs, args.inputs, '/', tool.file, listing, false, tool.namespaces);
    const outputs = await runProcess(tool, bound, reqs, run);
    await inplace?.writeBack(known);
    await uploadFiles(
      outputs,
      async (path) => (await fileStore.writeGlobalFile(path)).id,
      new Map([...known].map(([p, id]) => [p, id])),
      inplace?.trees,
    );
    return outputs;
  });
}

/**
 * cwlTool with the tool's ResourceRequirement as the job's cores, memory and disk (outdir + tmpdir), evaluated on
 * the step's inputs; the workflow's defaults when the tool has none.
 */
export async function toolJob(
  reqs: Requirements,
  run: RunContext,
  inputs: Record<string, unknown>,
): Promise<typeof cwlTool> {
  const req = reqs.get('ResourceRequirement');
  if (req === undefined) return cwlTool;
  const figures = await resources(req, exprContext(reqs, run, inputs, {}));
  const mib = 1024 * 1024;
  return cwlTool.withRequirements({
    cores: figures.cores,
    memory: figures.ram * mib,
    disk: (figures.outdirSize + figures.tmpdirSize) * mib,
  });
}
