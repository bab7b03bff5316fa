import type { InProcessRunner, Logger, RunJobMessage } from '@toil/core/backend';
import type { WarmJobEnd } from './warm-worker.js';

/** What the pool needs of a worker: a warm worker process, or the leader's own process with `--debugWorker`. */
export interface PoolWorker {
  readonly alive: boolean;
  readonly busy: boolean;
  /** Set when the worker must take no more jobs once the current one ends. */
  readonly retiring?: boolean;
  run(message: RunJobMessage): Promise<WarmJobEnd>;
  kill(): void;
  close(): void;
  waitForExit(graceMs: number): Promise<void>;
}

/** In-process jobs running now, and the environment values they replaced (restored when none runs). */
let running = 0;
let saved: [string, string | undefined][] = [];

/**
 * Give this process the workers' environment (`--setEnv`, the job store's variables) while in-process jobs run:
 * jobs read `process.env` as they would in a worker. Jobs run side by side here, so the values are set when the
 * first starts and restored when the last ends; every job of a workflow gets the same environment.
 */
function enterEnv(env: Record<string, string> | undefined): () => void {
  if (running++ === 0) {
    saved = Object.keys(env ?? {}).map((name) => [name, process.env[name]]);
    Object.assign(process.env, env);
  }
  return () => {
    if (--running > 0) return;
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    saved = [];
  };
}

/**
 * `--debugWorker` (Toil's): runs each job in the leader's own process instead of a forked worker, so a debugger
 * attached to the leader (`node --inspect-brk`) stops at breakpoints in job code, and the job's output goes
 * straight to the leader's stdout and stderr. The job runs with the worker's code (core's `inProcessRunner`, one per
 * run of the batch system), so a
 * job that throws is a failed attempt with its log like any other, and a crash leaves a store `--restart` can
 * finish. Such a job cannot be killed: there is no process to kill but the leader's.
 */
export class InProcessWorker implements PoolWorker {
  readonly alive = true;
  private current: Promise<unknown> | undefined;
  private warned = false;

  constructor(
    private readonly runner: InProcessRunner,
    private readonly log: Logger | undefined,
  ) {}

  get busy(): boolean {
    return this.current !== undefined;
  }

  async run(message: RunJobMessage): Promise<WarmJobEnd> {
    const leave = enterEnv(message.env);
    const run = this.runner.run(message.jobId);
    this.current = run;
    try {
      const result = await run;
      return { ok: result.ok, exitCode: 0, died: false, output: '' };
    } catch (error) {
      // The job could not start (the store or the workflow did not open); a job's own failure is in its log.
      return {
        ok: false,
        exitCode: 0,
        died: false,
        output: '',
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      };
    } finally {
      this.current = undefined;
      leave();
    }
  }

  /** A job in this process cannot be stopped: say so once; whoever kills it then waits for it to end. */
  kill(): void {
    if (!this.current || this.warned) return;
    this.warned = true;
    const text = 'With --debugWorker a job runs in the leader process and cannot be killed; waiting for it to end.';
    if (this.log) this.log.warn(text);
    else process.stderr.write(`${text}\n`);
  }

  close(): void {
    // Nothing to close: the worker is this process.
  }

  /** Resolves once the running job (if any) has ended, or after `graceMs`: shutdown must not hang on a stuck job. */
  async waitForExit(graceMs: number): Promise<void> {
    if (!this.current) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.current.catch(() => undefined),
      new Promise((resolve) => (timer = setTimeout(resolve, graceMs))),
    ]);
    clearTimeout(timer);
  }
}
