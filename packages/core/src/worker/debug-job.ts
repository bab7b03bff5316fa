import { join } from 'node:path';
import { ensureWorkflowLoaded } from '../deploy/deploy.js';
import { ToilUsageError } from '../errors.js';
import type { JobDescription } from '../jobstore/description.js';
import type { JobStore } from '../jobstore/jobstore.js';
import type { JobLogMessage } from '../job/context.js';
import { runJob, type JobStat } from './run-job.js';
import { stderrEcho, type WorkerRuntime } from './runtime.js';

/** What running one job in this process produced. */
export type DebugJobOutcome =
  | {
      ok: true;
      /** What the job function returned (an `Rv` when it returned a promise of a job it added). */
      value: unknown;
      /** Jobs the run added (children, follow-ons, their successors, service hosts), by ID. */
      created: Map<string, JobDescription>;
      /** The job's description after its commit (undefined when it left nothing to run and was deleted). */
      committed: JobDescription | undefined;
      stat: JobStat;
    }
  | { ok: false; error: unknown };

/** Where and how `debugJob` runs a job. */
export interface DebugJobOptions {
  /** Scratch directory for the job's temp files and the workflow bundle cache. */
  workDir: string;
  /** Shows what the job logs with `ctx.log` (default: one line on stderr). */
  echo?: (jobId: string, jobName: string, message: JobLogMessage) => void;
}

/**
 * Run one job's function in this process (for `toil debug-job`: a debugger attached to this process stops at
 * breakpoints in the job; the workflow bundle carries an inline source map). The run commits to `store` like a
 * worker's would, so give it a scratch copy of the real job store. Chaining is off: only this job runs.
 */
export async function debugJob(
  store: JobStore,
  job: JobDescription,
  options: DebugJobOptions,
): Promise<DebugJobOutcome> {
  if (job.service)
    throw new ToilUsageError(
      `Job '${job.displayName}' ${job.id} hosts a service; debug-job runs job functions, not service hosts. Give the ID of a job.`,
    );
  const config = await store.resume();
  await ensureWorkflowLoaded(store, join(options.workDir, 'bundles'));
  const runtime: WorkerRuntime = {
    store,
    config: { ...config, disableChaining: true, stats: false, badWorker: 0 },
    localWorkflowDir: options.workDir,
    echo: options.echo ?? stderrEcho,
  };
  try {
    const outcome = await runJob(runtime, job);
    return {
      ok: true,
      value: outcome.value,
      created: outcome.commit.created,
      committed: outcome.commit.job,
      stat: outcome.stat,
    };
  } catch (error) {
    return { ok: false, error };
  }
}
