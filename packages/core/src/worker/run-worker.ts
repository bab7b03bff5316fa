import type { JobDescription } from '../jobstore/description.js';
import { runJob, type JobStat } from './run-job.js';
import { WorkerLogs } from './job-logs.js';
import { runServiceHost } from './service-host.js';
import { recordFailure } from './failure.js';
import { runOrphanedDeferred } from './deferred.js';
import { deferredDir } from './deferred-dir.js';
import { inJobScope } from './stray-failures.js';
import type { WorkerRuntime } from './runtime.js';

/** What one worker invocation did. */
export interface WorkerResult {
  /** False when a job failed (its log is stored on its description for the leader). */
  ok: boolean;
  /** Jobs run, the issued one first, then the chained ones. */
  ran: string[];
  stats: JobStat[];
  /** The error of the failed job, if any, as text. */
  error?: string;
}

/**
 * Run the job the leader issued, then chain: while the job just run has exactly one successor that only it
 * precedes and whose requirements fit in this worker's allocation, run that too, without a round trip to the
 * leader (Toil's job chaining). A chain whose last job leaves nothing behind is deleted from the end backwards,
 * so a crash at any point leaves each earlier job pointing at successors that exist or are finished.
 */
export async function runWorker(rt: WorkerRuntime, jobId: string): Promise<WorkerResult> {
  const result: WorkerResult = { ok: true, ran: [], stats: [] };
  maybeBeABadWorker(rt);
  // Deferred functions of a worker killed on this node run before this job, as in Toil: the node is clean for it.
  await runOrphanedDeferred(deferredDir(rt.localWorkflowDir), (text) => process.stderr.write(`${text}\n`));
  let job = await rt.store.tryLoad(jobId);
  // Already finished (e.g. reissued after a leader restart): nothing to do.
  if (!job || job.done) return result;
  const chain: string[] = [];
  const logs = new WorkerLogs(rt);
  const jobRt = logs.runtime;
  try {
    while (job) {
      logs.jobStarted();
      if (job.service) {
        const host: JobDescription = job;
        // A failed service (start or check threw) records its log like a failed job, so the leader can show why.
        await inJobScope(host, () => runServiceHost(jobRt, host)).then(
          () => {
            result.ran.push(host.id);
            logs.jobSucceeded(host);
          },
          async (error: unknown) => {
            await recordFailure(jobRt, host, error, logs.messages);
            result.ok = false;
            result.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
          },
        );
        break;
      }
      const current: JobDescription = job;
      // In its scope, an error the job leaves behind is traced to it, not to whatever runs next (stray-failures.ts).
      const outcome = await inJobScope(current, () => runJob(jobRt, current)).catch(async (error: unknown) => {
        await recordFailure(jobRt, current, error, logs.messages);
        result.ok = false;
        result.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
        return undefined;
      });
      if (!outcome) break;
      result.ran.push(current.id);
      result.stats.push(outcome.stat);
      logs.jobSucceeded(current);
      chain.push(current.id);
      const committed = outcome.commit.job;
      if (!committed) {
        // The last job left nothing: each earlier link's only successor is gone, so it is finished too.
        for (let i = chain.length - 2; i >= 0; i--) await rt.store.delete(chain[i]);
        break;
      }
      job = rt.config.disableChaining ? undefined : chainable(committed, outcome.commit.created);
    }
  } finally {
    await writeStatsAndLogs(rt, result, logs);
  }
  return result;
}

/**
 * `--badWorker` chaos testing (Toil's): with that probability, SIGKILL this worker at a random moment within
 * `--badWorkerFailInterval` seconds, wherever the job is (running, committing, chaining).
 */
function maybeBeABadWorker(rt: WorkerRuntime): void {
  const { badWorker, badWorkerFailInterval } = rt.config;
  if (!badWorker || Math.random() >= badWorker) return;
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), Math.random() * badWorkerFailInterval * 1000);
}

/** The successor to run next in this worker, if Toil's chaining rules allow it. */
function chainable(job: JobDescription, created: Map<string, JobDescription>): JobDescription | undefined {
  const all = job.successors.flat();
  if (all.length !== 1 || job.services.length) return undefined;
  const next = created.get(all[0]);
  // A job with promised requirements waits for the leader to resolve them: chaining would run it unsized.
  if (!next || next.predecessorCount !== 1 || next.checkpoint || next.service || next.promisedRequirements)
    return undefined;
  const have = job.requirements;
  const want = next.requirements;
  const fits =
    want.cores <= have.cores &&
    want.memory <= have.memory &&
    want.disk <= have.disk &&
    (want.preemptible || !have.preemptible) &&
    JSON.stringify(want.accelerators) === JSON.stringify(have.accelerators);
  return fits ? next : undefined;
}

/**
 * One blob for the leader when the run ends: `--stats` figures, the succeeded jobs' messages not sent in realtime,
 * and their whole logs when the leader wants them (`jobLogs`). Realtime messages are flushed first, so the
 * leader sees them before the end-of-run ones.
 */
async function writeStatsAndLogs(rt: WorkerRuntime, result: WorkerResult, workerLogs: WorkerLogs): Promise<void> {
  await workerLogs.close();
  const { stats } = result;
  const { logs, jobLogs } = workerLogs.forLeader(result.ran);
  const wantStats = rt.config.stats && stats.length > 0;
  if (!wantStats && !logs.length && !jobLogs.length) return;
  const blob = {
    ...(wantStats
      ? {
          jobs: stats,
          worker: {
            pid: process.pid,
            time: stats.reduce((s, j) => s + j.time, 0),
            clock: stats.reduce((s, j) => s + j.clock, 0),
            memory: Math.max(...stats.map((j) => j.memory)),
          },
        }
      : {}),
    logs,
    ...(jobLogs.length ? { jobLogs } : {}),
  };
  await rt.store.writeStatsAndLogging(JSON.stringify(blob));
}
