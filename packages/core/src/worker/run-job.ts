import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FileStore, removeJobTempDir } from '../filestore/filestore.js';
import type { JobDescription } from '../jobstore/description.js';
import { GraphBuilder } from '../job/builder.js';
import { RunContext } from '../job/context.js';
import { lookupJob } from '../job/define.js';
import { PendingJob } from '../job/graph.js';
import { withRealtimeSink, type RealtimeSink } from '../job/realtime-logger.js';
import { commitRun, type CommitResult } from './commit.js';
import { JobDeferrals } from './deferred.js';
import { deferredDir } from './deferred-dir.js';
import { resolveArgs } from './resolve-args.js';
import { formatJobMessage, type WorkerRuntime } from './runtime.js';

/** Per-job figures for `toil stats` (Toil's `{time, clock, class_name, memory}`). */
export interface JobStat {
  jobId: string;
  name: string;
  /** Wall seconds. */
  time: number;
  /** CPU seconds (user + system) of this process during the job. */
  clock: number;
  /** Peak resident memory of the worker process, KiB. */
  memory: number;
  /** Cores the job requested (`toil stats` shows their total per job type). */
  cores: number;
}

/** The outcome of running one job body and committing it. */
export interface RunOutcome {
  commit: CommitResult;
  /** What the job function returned (an `Rv` when it returned a promise of a job it added). */
  value: unknown;
  stat: JobStat;
  messages: RunContext['messages'];
}

let tempCounter = 0;

/** Run one job's function and commit what it produced. Throws whatever the job threw. */
export async function runJob(rt: WorkerRuntime, job: JobDescription): Promise<RunOutcome> {
  const def = lookupJob(job.name);
  const args = await resolveArgs(rt.store, job.args, job.displayName);
  const tempDir = join(rt.localWorkflowDir, `job-${process.pid}-${++tempCounter}`);
  const fileStore = rt.fileStores
    ? rt.fileStores.create({
        store: rt.store,
        jobId: job.id,
        jobTempDir: tempDir,
        disk: job.requirements.disk,
        log: (text, level) => ctx.log(text, level),
      })
    : new FileStore(rt.store, job.id, tempDir);
  const top = new PendingJob(job.id, def, job.displayName, [], job.requirements, false);
  const builder = new GraphBuilder(top, () => rt.store.assignId(), rt.config);
  const ctx = new RunContext(job.id, job.name, rt.config.workflowId, fileStore, builder, (m) =>
    rt.echo(job.id, job.displayName, m),
  );
  const deferrals = new JobDeferrals(deferredDir(rt.localWorkflowDir), job.id, job.displayName);
  ctx.deferrals = deferrals;
  const cwd = process.cwd();
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  try {
    const result = await withRealtimeSink(realtimeSink(rt, job), () => def.fn(ctx, ...args));
    // The job counts as done only once its files are safely in the job store (background uploads finished).
    await fileStore.flush();
    const commit = await commitRun(rt.store, job, builder, result, rt.config.retryCount);
    await fileStore.commitDeletes();
    const cpu = process.cpuUsage(cpuStart);
    return {
      commit,
      value: result,
      messages: ctx.messages,
      stat: {
        jobId: job.id,
        name: job.displayName,
        time: (performance.now() - wallStart) / 1000,
        clock: (cpu.user + cpu.system) / 1e6,
        memory: Math.round(process.resourceUsage().maxRSS),
        cores: job.requirements.cores,
      },
    };
  } finally {
    // Whether the job succeeded or threw; a failing deferred function is the job's log message, never its failure.
    await deferrals.runAll((text) => ctx.log(text, 'ERROR'));
    // A job that changed directory must not move the next job of this warm worker.
    if (process.cwd() !== cwd) process.chdir(cwd);
    await fileStore.release();
    if (fileStore.usedTempDir) await removeJobTempDir(tempDir);
  }
}

/**
 * Where the job's RealtimeLogger calls go: to the leader with --realTimeLogging; otherwise, as in Toil, only
 * CRITICAL ones are kept, written to the worker's output (the job's own log).
 */
function realtimeSink(rt: WorkerRuntime, job: JobDescription): RealtimeSink {
  return (level, text) => {
    const message = { level, text, time: Date.now() };
    if (rt.realtime) rt.realtime(job.id, job.displayName, message);
    else if (level >= 50) process.stderr.write(formatJobMessage(job.id, job.displayName, message));
  };
}
