/**
 * Running a Workflow in-process: each step starts as soon as the values it reads exist (steps run concurrently),
 * with step input merging, valueFrom, `when` and scatter; the workflow's outputs are gathered from their sources.
 */
import { CwlInputError, CwlToolFailedError } from '../errors.js';
import { evaluate } from '../expr/evaluate.js';
import type { Parameter, Process, Step, StepInput } from '../model.js';
import type { ProcessRunner, RunContext } from '../runtime/context.js';
import { exprContext } from '../runtime/expr-context.js';
import { bindInputs, readContents, resolveFiles } from '../runtime/inputs.js';
import { describeType, isFileLike, matches } from '../types/check.js';
import { Requirements } from '../runtime/requirements.js';
import { dirname } from 'node:path';
import { mergeSources, pickValue } from './merge.js';
import { emptyNest, putAt, scatterJobs } from './scatter.js';

/** Runs `workflow` on bound inputs; resolves to its output object. */
export async function runWorkflow(
  workflow: Process,
  inputs: Record<string, unknown>,
  reqs: Requirements,
  run: RunContext,
  runProcess: ProcessRunner,
): Promise<Record<string, unknown>> {
  reqs.checkSupported({ containers: run.containers });
  const steps = new Map((workflow.steps ?? []).map((step) => [step.id, step]));
  const started = new Map<string, Promise<Record<string, unknown>>>();
  const source = async (ref: string): Promise<unknown> => {
    if (ref in inputs) return inputs[ref];
    const slash = ref.indexOf('/');
    const step = slash === -1 ? undefined : steps.get(ref.slice(0, slash));
    if (step === undefined)
      throw new CwlInputError(`Workflow '${workflow.id || workflow.file}': unknown source '${ref}'.`);
    return (await stepRun(step))[ref.slice(slash + 1)] ?? null;
  };
  const stepRun = (step: Step): Promise<Record<string, unknown>> => {
    let promise = started.get(step.id);
    if (promise === undefined) {
      promise = runStep(step, source, reqs, run, runProcess);
      // Marked handled at once: the failure is seen by whoever awaits the step, and a step that fails while the
      // workflow is still waiting on another must not end the process as an unhandled rejection.
      promise.catch(() => undefined);
      started.set(step.id, promise);
    }
    return promise;
  };
  // Every step starts now and waits for its own sources, so independent steps run at the same time.
  const all = [...steps.values()].map(stepRun);
  const outputs: Record<string, unknown> = {};
  for (const output of workflow.outputs) {
    const sources = output.outputSource ?? [];
    outputs[output.id] = workflowOutput(output, await Promise.all(sources.map(source)));
  }
  // Steps nothing reads still run: a workflow runs all its steps.
  await Promise.all(all);
  return outputs;
}

async function runStep(
  step: Step,
  source: (ref: string) => Promise<unknown>,
  parent: Requirements,
  run: RunContext,
  runProcess: ProcessRunner,
): Promise<Record<string, unknown>> {
  const stepReqs = stepRequirements(step, parent);
  const values: Record<string, unknown> = {};
  for (const input of step.in) {
    let value = stepInputValue(step, input, await Promise.all(input.source.map(source)));
    if (input.loadContents === true && isFileLike(value) && typeof value.path === 'string') {
      value = { ...value, contents: readContents(value.path, input.id) };
    }
    values[input.id] = value ?? null;
  }
  const runOne = async (jobInputs: Record<string, unknown>): Promise<Record<string, unknown> | null> => {
    const passed = await prepareStepJob(step, jobInputs, stepReqs, run);
    if (passed === null) return null;
    const childReqs = new Requirements(step.run, stepReqs.inherit());
    return runProcess(step.run, bindStepInputs(step, passed, childReqs), childReqs, run);
  };
  if (step.scatter.length === 0) {
    const result = await runOne(values);
    return Object.fromEntries(step.out.map((name) => [name, result?.[name] ?? null]));
  }
  const { jobs, shape } = scatterJobs(values, step.scatter, step.scatterMethod);
  const results = await Promise.all(jobs.map((job) => runOne(job.inputs)));
  const out: Record<string, unknown> = {};
  for (const name of step.out) {
    const nest = emptyNest(shape);
    jobs.forEach((job, i) => putAt(nest, job.path, results[i]?.[name] ?? null));
    out[name] = nest;
  }
  return out;
}

/** A workflow output from the values of its sources: merged, picked and type-checked. */
export function workflowOutput(output: Parameter, values: unknown[]): unknown {
  const sources = output.outputSource ?? [];
  const merged = mergeSources(values, output.linkMerge, sources.length > 1);
  const value = pickValue(merged, output.pickValue, `Output '${output.id}'`);
  if (!matches(value, output.type) && !(value === null && JSON.stringify(output.type).includes('"Any"'))) {
    throw new CwlToolFailedError(
      `Workflow output '${output.id}' is ${JSON.stringify(value)}, not ${describeType(output.type)}.`,
    );
  }
  return value;
}

/** A step input's value from the values of its sources: merged, picked, else its default (loadContents aside). */
export function stepInputValue(step: Step, input: StepInput, got: unknown[]): unknown {
  let value = mergeSources(got, input.linkMerge, input.source.length > 1);
  value = pickValue(value, input.pickValue, `Step '${step.id}' input '${input.id}'`);
  if ((value === null || value === undefined) && input.default !== undefined) {
    value = resolveFiles(structuredClone(input.default), dirname(step.run.file));
  }
  return value ?? null;
}

/**
 * One job of a step (the step's inputs, or one scatter element's): valueFrom applied, then `when`. Resolves to
 * the inputs the step's process declares, or null when `when` is false (the step is skipped).
 */
export async function prepareStepJob(
  step: Step,
  jobInputs: Record<string, unknown>,
  stepReqs: Requirements,
  run: RunContext,
): Promise<Record<string, unknown> | null> {
  const withValueFrom = await applyValueFrom(step, jobInputs, stepReqs, run);
  if (step.when !== undefined) {
    const ctx = exprContext(stepReqs, run, withValueFrom, {});
    const go = await evaluate(step.when, ctx);
    if (typeof go !== 'boolean')
      throw new CwlToolFailedError(`Step '${step.id}': 'when' gave ${JSON.stringify(go)}, not a boolean.`);
    if (!go) return null;
  }
  const known = new Set(step.run.inputs.map((p) => p.id));
  return Object.fromEntries(Object.entries(withValueFrom).filter(([k]) => known.has(k)));
}

/** Binds a step job's inputs to the step's process (defaults, types, files), under the process's requirements. */
export function bindStepInputs(
  step: Step,
  passed: Record<string, unknown>,
  childReqs: Requirements,
): Record<string, unknown> {
  const listing = String(childReqs.get('LoadListingRequirement')?.loadListing ?? 'no_listing');
  return bindInputs(step.run.inputs, passed, '/', step.run.file, listing, false, step.run.namespaces);
}

/** The requirements a step's process runs under: its own, the step's, then the workflow's. */
export function stepRequirements(step: Step, workflowReqs: Requirements): Requirements {
  return new Requirements({ ...step.run, requirements: step.requirements, hints: step.hints }, workflowReqs.inherit());
}

async function applyValueFrom(
  step: Step,
  values: Record<string, unknown>,
  reqs: Requirements,
  run: RunContext,
): Promise<Record<string, unknown>> {
  if (!step.in.some((input) => input.valueFrom !== undefined)) return values;
  const out = { ...values };
  const ctx = exprContext(reqs, run, values, {});
  for (const input of step.in) {
    if (input.valueFrom !== undefined) out[input.id] = await evaluate(input.valueFrom, ctx, values[input.id] ?? null);
  }
  return out;
}
