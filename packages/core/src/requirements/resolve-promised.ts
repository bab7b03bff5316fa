import { join } from 'node:path';
import type { Encoded } from '../codec/codec.js';
import { ensureWorkflowLoaded } from '../deploy/deploy.js';
import { ToilError } from '../errors.js';
import type { JobDescription } from '../jobstore/description.js';
import type { JobStore } from '../jobstore/jobstore.js';
import type { WorkflowConfig } from '../options/config.js';
import { resolveArgs } from '../worker/resolve-args.js';
import { localWorkflowDir } from '../worker/runtime.js';
import { parseBytes } from './bytes.js';
import { PROMISABLE, type PromisableRequirement } from './promised.js';
import { findRequirementFn } from './requirement-fn.js';
import type { ResolvedRequirements } from './requirements.js';

/** A promised requirement the leader could not turn into a figure; the job is not issued. */
export class PromisedRequirementError extends ToilError {
  constructor(
    readonly jobId: string,
    readonly jobName: string,
    readonly requirement: string,
    problem: string,
    cause?: unknown,
  ) {
    super('PROMISED_REQUIREMENT', `The promised ${requirement} of job '${jobName}' ${jobId} ${problem}`, { cause });
  }
}

/**
 * The job's requirements with its promised ones resolved: reads the promise files (the promising jobs have run,
 * as the graph rules guarantee), applies the `defineRequirement` function when there is one, and checks the
 * figure. `loadModule` registers the workflow's requirement functions when this process has not (a restart
 * given no module).
 */
export async function resolvePromisedRequirements(
  store: JobStore,
  desc: JobDescription,
  loadModule: () => Promise<void>,
): Promise<ResolvedRequirements> {
  const resolved = { ...desc.requirements };
  const promised = (desc.promisedRequirements ?? {}) as Record<string, Encoded>;
  for (const key of PROMISABLE) {
    if (promised[key] === undefined) continue;
    const fail = (problem: string, cause?: unknown) =>
      new PromisedRequirementError(desc.id, desc.displayName, key, problem, cause);
    let values: unknown[];
    try {
      values = await resolveArgs(store, promised[key], desc.displayName);
    } catch (error) {
      throw fail(`could not be read: ${ToilError.is(error) ? error.message : String(error)}`, error);
    }
    const [fnName, ...args] = values;
    let figure: unknown = args[0];
    if (typeof fnName === 'string') {
      let def = findRequirementFn(fnName);
      if (!def) {
        try {
          await loadModule();
        } catch (error) {
          throw fail(
            `uses the requirement function '${fnName}', which is not registered in the leader, and loading the workflow module failed: ${error instanceof Error ? error.message : String(error)}`,
            error,
          );
        }
        def = findRequirementFn(fnName);
      }
      if (!def)
        throw fail(
          `uses the requirement function '${fnName}', which the workflow module does not define: define it with defineRequirement('${fnName}', fn) at module top level.`,
        );
      try {
        figure = def.fn(...args);
      } catch (error) {
        throw fail(
          `could not be computed: requirement function '${fnName}' threw: ${error instanceof Error ? error.message : String(error)}`,
          error,
        );
      }
    }
    resolved[key] = checkFigure(key, figure, fail);
  }
  return resolved;
}

function checkFigure(key: PromisableRequirement, figure: unknown, fail: (problem: string) => Error): number {
  const quoted = figure === undefined ? 'undefined' : JSON.stringify(figure);
  if (key === 'cores') {
    if (typeof figure === 'number' && figure > 0 && Number.isFinite(figure)) return figure;
    throw fail(`resolved to ${quoted}: it must be a positive number of cores, fractions like 0.5 allowed.`);
  }
  if (typeof figure === 'number' || typeof figure === 'string') {
    try {
      return parseBytes(figure);
    } catch {
      // The message below says what would work.
    }
  }
  throw fail(`resolved to ${quoted}: it must be a number of bytes or a size like '512M' or '2G'.`);
}

/**
 * Leader side: resolve a job's promised requirements just before its first issue, and store the figures in its
 * description (dropping the promise), so retries, `--doubleMem` and restarts all start from the real figures.
 */
export async function settlePromisedRequirements(
  store: JobStore,
  desc: JobDescription,
  config: WorkflowConfig,
): Promise<JobDescription> {
  const loadModule = async () => {
    await ensureWorkflowLoaded(store, join(localWorkflowDir(config), 'bundles'));
  };
  const requirements = await resolvePromisedRequirements(store, desc, loadModule);
  const { promisedRequirements: _settled, ...rest } = desc;
  const updated: JobDescription = { ...rest, requirements };
  await store.update(updated);
  return updated;
}
