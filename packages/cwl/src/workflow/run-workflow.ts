/**
 * Running a Workflow in-process: each step starts as soon as the values it reads exist (steps run concurrently),
 * with step input merging, valueFrom, `when` and scatter; the workflow's outputs are gathered from their sources.
 */
import { CwlInputError, CwlToolFailedError } from '../errors.js';
import { evaluate } from '../expr/evaluate.js';
import type { Process, Step } from '../model.js';
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
    const values = await Promise.all(sources.map(source));
    const merged = mergeSources(values, output.linkMerge, sources.length > 1);
    const value = pickValue(merged, output.pickValue, `Output '${output.id}'`);
    if (!matches(value, output.type) && !(value === null && JSON.stringify(output.type).includes('"Any"'))) {
      throw new CwlToolFailedError(
        `Workflow output '${output.id}' is ${JSON.stringify(value)}, not ${describeType(output.type)}.`,
      );
    }
    outputs[output.id] = value;
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
  const stepReqs = new Requirements(
    { ...step.run, requirements: step.requirements, hints: step.hints },
    parent.inherit(),
  );
  const values: Record<string, unknown> = {};
  for (const input of step.in) {
    const got = await Promise.all(input.source.map(source));
    let value = mergeSources(got, input.linkMerge, input.source.length > 1);
    value = pickValue(value, input.pickValue, `Step '${step.id}' input '${input.id}'`);
    if ((value === null || value === undefined) && input.default !== undefined) {
      value = resolveFiles(structuredClone(input.default), dirname(step.run.file));
    }
    if (input.loadContents === true && isFileLike(value) && typeof value.path === 'string') {
      value = { ...value, contents: readContents(value.path, input.id) };
    }
    values[input.id] = value ?? null;
  }
  const runOne = async (jobInputs: Record<string, unknown>): Promise<Record<string, unknown> | null> => {
    const withValueFrom = await applyValueFrom(step, jobInputs, stepReqs, run);
    if (step.when !== undefined) {
      const ctx = exprContext(stepReqs, run, withValueFrom, {});
      const go = await evaluate(step.when, ctx);
      if (typeof go !== 'boolean')
        throw new CwlToolFailedError(`Step '${step.id}': 'when' gave ${JSON.stringify(go)}, not a boolean.`);
      if (!go) return null;
    }
    const known = new Set(step.run.inputs.map((p) => p.id));
    const passed = Object.fromEntries(Object.entries(withValueFrom).filter(([k]) => known.has(k)));
    const childReqs = new Requirements(step.run, stepReqs.inherit());
    const listing = String(childReqs.get('LoadListingRequirement')?.loadListing ?? 'no_listing');
    const bound = bindInputs(step.run.inputs, passed, '/', step.run.file, listing, false, step.run.namespaces);
    return runProcess(step.run, bound, childReqs, run);
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
