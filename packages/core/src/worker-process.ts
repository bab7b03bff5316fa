/**
 * Entry point of a warm worker process (forked by single_machine). It runs one job at a time as the parent
 * asks over IPC, reusing the loaded job store and workflow bundle between jobs, so a job costs milliseconds
 * rather than a Node start-up. It exits at once if the parent goes away, so a killed leader leaves no worker
 * writing to the job store behind a restarted one.
 */
import { openWorkerRuntime } from './worker/open-runtime.js';
import { runWorker } from './worker/run-worker.js';
import { exitWhenOutputCloses, watchStrayFailures, type StrayFailure } from './worker/stray-failures.js';

/** The pool asks a warm worker to run one job (and whatever it chains) of the workflow in `locator`. */
export interface RunJobMessage {
  type: 'run';
  batchJobId: number;
  locator: string;
  jobId: string;
  pluginUrl?: string;
  env?: Record<string, string>;
}

/** A warm worker's reply when a job it was asked to run has ended (committed, failed, or could not start). */
export interface JobDoneMessage {
  type: 'done';
  batchJobId: number;
  ok: boolean;
  /**
   * Why the worker could not run the job at all (e.g. the workflow module threw while loading). A failure of the
   * job itself is not repeated here: it is in the log stored on the job, which the leader prints.
   */
  error?: string;
}

/**
 * A warm worker's news that an error no one handled came from a job that has ended (or from no job): the job
 * running now is not to blame, and the pool should retire this process once that job has ended.
 */
export interface StrayFailureMessage extends StrayFailure {
  type: 'stray';
}

/** Set a job's environment for its run only; returns the undo, so one job's variables never leak into the next. */
function applyEnv(env: Record<string, string> | undefined): () => void {
  if (!env) return () => undefined;
  const previous = Object.keys(env).map((name) => [name, process.env[name]] as const);
  Object.assign(process.env, env);
  return () => {
    for (const [name, value] of previous) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

process.setSourceMapsEnabled(true);
process.on('disconnect', () => process.exit(70));
exitWhenOutputCloses();
let strayReported = false;
watchStrayFailures((failure) => {
  // The first one retires the process; more from the same leftover code would only repeat the news.
  if (strayReported) return void process.stderr.write(`${failure.text}\n`);
  strayReported = true;
  const message: StrayFailureMessage = { type: 'stray', ...failure };
  process.send?.(message);
});
process.on('message', (message: RunJobMessage) => {
  if (message?.type !== 'run') return;
  void (async () => {
    let reply: JobDoneMessage;
    let restore: () => void = () => undefined;
    try {
      restore = applyEnv(message.env);
      const runtime = await openWorkerRuntime(message.locator, message.pluginUrl);
      const result = await runWorker(runtime, message.jobId);
      reply = { type: 'done', batchJobId: message.batchJobId, ok: result.ok };
    } catch (error) {
      reply = {
        type: 'done',
        batchJobId: message.batchJobId,
        ok: false,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      };
    }
    restore();
    process.send?.(reply);
  })();
});
process.send?.({ type: 'ready' });
