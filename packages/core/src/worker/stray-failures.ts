/**
 * Errors no one handled (an unhandled promise rejection, an exception thrown from a timer), traced to the job
 * whose code started them. Node would end the process on the first one, failing whichever job runs at that
 * moment: on a warm worker that is often the next job, blamed for a rejection its predecessor left behind
 * (and a chained job would be rerun). Each job runs in an AsyncLocalStorage scope, which Node carries into every
 * callback and promise the job starts and restores when it reports an unhandled rejection, so the culprit is
 * known even after it returned.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** The job whose code is running. */
interface JobScope {
  jobId: string;
  jobName: string;
  /** Set once the job has returned (committed) or failed: a later error is no longer its run's. */
  ended?: 'returned' | 'failed';
}

/** An error that came after the job that caused it had ended, or from code of no job (the workflow module). */
export interface StrayFailure {
  /** The job that left it, when known. */
  jobId?: string;
  jobName?: string;
  /** One line: the error and where it was thrown. */
  error: string;
  /** One line for the leader's log, naming the job. */
  text: string;
}

const scopes = new AsyncLocalStorage<JobScope>();

/** Exit status of a worker that ends because its leader is gone (as on IPC disconnect). */
const WORKER_ORPHANED_EXIT = 70;
/** More stray failures than this in one process end it: they are one fault repeating, and it is retired anyway. */
const MAX_STRAYS = 100;

/** Run a job's code (body and commit) in its scope; errors it leaves behind are attributed to it. */
export async function inJobScope<T>(job: { id: string; displayName: string }, run: () => Promise<T>): Promise<T> {
  const scope: JobScope = { jobId: job.id, jobName: job.displayName };
  try {
    const value = await scopes.run(scope, run);
    scope.ended = 'returned';
    return value;
  } catch (error) {
    scope.ended = 'failed';
    throw error;
  }
}

/** `Error: message (at frame)`: the error and its first stack frame, on one line. */
function oneLine(error: unknown): string {
  if (!(error instanceof Error)) return `a non-error value ${String(error)}`;
  const frame = error.stack?.split('\n').find((line) => /^\s+at /.test(line));
  return `${error.name}: ${error.message}${frame ? ` (${frame.trim()})` : ''}`;
}

/**
 * Handle this process's unhandled errors (worker entry points only). One from the job that is running fails that
 * job, as Node would: the process exits with the error on stderr, which becomes the job's log. One from a job
 * that has ended, or from no job, leaves the running job alone and goes to `onStray`; the entry point should
 * then retire the process, whose state the stray code may have left inconsistent.
 */
export function watchStrayFailures(onStray: (failure: StrayFailure) => void): void {
  let strays = 0;
  const handle = (error: unknown, what: string) => {
    // Leftover code that keeps failing (a timer throwing on every tick, a report that fails again and again):
    // the process is being replaced anyway.
    if (++strays > MAX_STRAYS) process.exit(WORKER_ORPHANED_EXIT);
    const scope = scopes.getStore();
    if (scope && !scope.ended) {
      const detail = error instanceof Error ? (error.stack ?? String(error)) : String(error);
      process.stderr.write(`Job '${scope.jobName}' ${scope.jobId} failed with ${what}:\n${detail}\n`);
      process.exit(1);
    }
    const who = scope
      ? `Job '${scope.jobName}' ${scope.jobId} left ${what} after it ${scope.ended}`
      : `Code outside any job (the workflow module) left ${what}`;
    const stands = scope?.ended === 'returned' ? 'its result stands, and ' : '';
    const text = `${who}: ${oneLine(error)}; ${stands}the worker process is replaced.`;
    onStray({ jobId: scope?.jobId, jobName: scope?.jobName, error: oneLine(error), text });
  };
  process.on('unhandledRejection', (reason) => handle(reason, 'an unhandled promise rejection'));
  process.on('uncaughtException', (error) => handle(error, 'an uncaught exception'));
}

/**
 * End this worker when the reader of its stdout or stderr is gone (EPIPE: the leader that forked it was killed).
 * Without a listener every failed write is an uncaught exception, and reporting that one is another write that
 * fails: a loop at full CPU that outlived its leader. Worker entry points install this next to
 * watchStrayFailures.
 */
export function exitWhenOutputCloses(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') process.exit(WORKER_ORPHANED_EXIT);
      throw error;
    });
  }
}
