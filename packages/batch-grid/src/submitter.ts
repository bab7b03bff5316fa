import type { Logger } from '@toil/core/backend';
import { takeGroup } from './array-groups.js';
import { Backoff } from './backoff.js';
import { firstErrorLine, type CommandResult } from './command-runner.js';
import type { GridSubmission, GridTuning, SubmitCommand } from './grid-types.js';

/** A job the grid batch system tracks from issue to its end. */
export interface TrackedJob {
  id: number;
  /** Jobs with equal keys (same requirements and environment) may share one job array. */
  arrayKey: string;
  submission: GridSubmission;
  schedulerId?: string;
  /** Settles when the submit command (and its retries) is done. */
  submitting?: Promise<void>;
  submittedAt?: number;
  runningSince?: number;
  queuedReason?: string;
  unseenPolls: number;
  killed: boolean;
}

/** What the submitter needs from its batch system: the scheduler-specific commands and where results go. */
export interface SubmitterHost {
  readonly schedulerName: string;
  readonly tuning: GridTuning;
  readonly log: Logger;
  /** Most jobs one submit command may carry: 1 without job arrays. */
  maxTasksPerSubmit(): number;
  /** The submit command for these jobs (one job, or one job array). */
  buildSubmit(jobs: readonly TrackedJob[]): SubmitCommand | Promise<SubmitCommand>;
  /** The scheduler IDs, in order, from a successful submit command's output; throws when they are not there. */
  parseSubmitIds(result: CommandResult, count: number): string[];
  /** Run a command. */
  run(argv: readonly string[], input: string | undefined): Promise<CommandResult>;
  /** Whether a failed command looks like the scheduler being unreachable (retried) rather than a refusal. */
  isTransientFailure(result: CommandResult): boolean;
  /** A job could not be submitted: report it failed with this output. */
  failed(job: TrackedJob, output: string): void;
  /** Jobs were submitted: start polling. */
  submitted(): void;
}

/** How long issued jobs wait to be grouped into one job array: small next to any scheduler's start-up latency. */
const ARRAY_COALESCE_MS = 25;

/**
 * The submit side of a grid batch system: a queue of issued jobs sent to the scheduler a few commands at a time
 * (`submitConcurrency`), grouped into job arrays where the scheduler has them, in the order they were issued, and
 * put back with back-off while the scheduler is unreachable, so no job is dropped during an outage.
 */
export class Submitter {
  private readonly queue: TrackedJob[] = [];
  private readonly backoff: Backoff;
  private inFlight = 0;
  /** The last submit command being built; see buildInOrder. */
  private building: Promise<unknown> = Promise.resolve();
  private pumpTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly host: SubmitterHost) {
    this.backoff = new Backoff(host.tuning.retryInitialMs, host.tuning.retryMaxMs);
  }

  /** Queue a job; with job arrays, wait a moment first so a burst of issued jobs becomes one array. */
  add(job: TrackedJob): void {
    this.queue.push(job);
    if (this.host.maxTasksPerSubmit() === 1) return this.pump();
    if (this.pumpTimer) return;
    this.pumpTimer = setTimeout(() => {
      this.pumpTimer = undefined;
      this.pump();
    }, ARRAY_COALESCE_MS);
  }

  /** Drop a job that has not been handed to a submit command yet. */
  remove(job: TrackedJob): void {
    const queued = this.queue.indexOf(job);
    if (queued >= 0) this.queue.splice(queued, 1);
  }

  /** Stop submitting: queued jobs are dropped, commands in flight finish. */
  close(): void {
    this.closed = true;
    clearTimeout(this.pumpTimer);
    this.queue.length = 0;
  }

  private pump(): void {
    const maxTasks = this.host.maxTasksPerSubmit();
    while (!this.closed && this.inFlight < this.host.tuning.submitConcurrency && this.queue.length) {
      const group = takeGroup(this.queue, maxTasks);
      this.inFlight++;
      const submitting = this.submit(group).finally(() => {
        this.inFlight--;
        for (const job of group) if (job.submitting === submitting) job.submitting = undefined;
        this.pump();
      });
      for (const job of group) job.submitting = submitting;
    }
  }

  /** Submit one job, or several with the same requirements as one job array. */
  private async submit(group: TrackedJob[]): Promise<void> {
    const { host } = this;
    const what =
      group.length === 1
        ? `job ${group[0].id} (${group[0].submission.spec.displayName})`
        : `jobs ${group[0].id}-${group[group.length - 1].id} (an array of ${group.length})`;
    const fail = (output: string) => {
      for (const job of group) host.failed(job, output);
    };
    let argv: readonly string[];
    let result: CommandResult;
    try {
      // Inside the try: a submit command that writes a script can fail (a full disk), which fails the job it is for.
      const submission = await this.buildInOrder(() => host.buildSubmit(group));
      argv = submission.argv;
      result = await host.run(argv, submission.input);
    } catch (error) {
      return fail(error instanceof Error ? error.message : String(error));
    }
    if (result.exitCode !== 0) {
      if (host.isTransientFailure(result) && this.backoff.outageMs() < host.tuning.outageLimitMs && !this.closed) {
        const delay = this.backoff.fail();
        host.log.warn(
          `${host.schedulerName} did not accept ${what} (${firstErrorLine(result)}); retrying in ${(delay / 1000).toFixed(1)} s.`,
        );
        setTimeout(() => {
          this.queue.unshift(...group.filter((job) => !job.killed));
          this.pump();
        }, delay).unref();
        return;
      }
      const why = `${host.schedulerName} refused ${what}: ${firstErrorLine(result)}`;
      host.log.error(why);
      return fail(why);
    }
    this.backoff.succeed();
    let ids: string[];
    try {
      ids = host.parseSubmitIds(result, group.length);
    } catch (error) {
      const why = `Could not read the job ID from ${argv[0]}'s output (${JSON.stringify(result.stdout.trim().slice(0, 200))}): ${error instanceof Error ? error.message : String(error)}`;
      host.log.error(why);
      return fail(why);
    }
    const now = Date.now();
    group.forEach((job, i) => {
      job.schedulerId = ids[i];
      job.submittedAt = now;
    });
    host.log.debug(
      `Submitted ${what} as ${host.schedulerName} job ${ids.length === 1 ? ids[0] : `${ids[0]}..${ids[ids.length - 1]}`}`,
    );
    host.submitted();
  }

  /**
   * Build submit commands one after another: one that writes a script first (HTCondor, Parasol) would otherwise let
   * a later job overtake an earlier one, and jobs should reach the scheduler in the order they were issued.
   */
  private buildInOrder(build: () => SubmitCommand | Promise<SubmitCommand>): Promise<SubmitCommand> {
    const built = this.building.then(build);
    this.building = built.catch(() => undefined);
    return built;
  }
}
