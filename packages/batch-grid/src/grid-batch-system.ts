import { mkdirSync } from 'node:fs';
import { InsufficientResourcesError, InvalidValueError } from '@toil/core';
import {
  BatchJobExitReason,
  createLogger,
  EXIT_STATUS_UNAVAILABLE,
  localWorkflowDir,
  type BatchJobSpec,
  type BatchSystem,
  type BatchSystemContext,
  type Logger,
  type ResolvedRequirements,
  type UpdatedBatchJobInfo,
  UpdateQueue,
} from '@toil/core/backend';
import { Backoff } from './backoff.js';
import {
  CommandNotFoundError,
  firstErrorLine,
  ProcessCommandRunner,
  type CommandOptions,
  type CommandResult,
  type CommandRunner,
} from './command-runner.js';
import { SchedulerError } from './errors.js';
import { requireCommands } from './find-command.js';
import type { SchedulerJobStatus } from './job-status.js';
import { readJobOutput } from './job-output.js';

import { killAndWait } from './kill-and-wait.js';
import {
  DEFAULT_GRID_TUNING,
  type GridOptions,
  type GridSubmission,
  type GridTuning,
  type SubmitCommand,
} from './grid-types.js';
import { arrayScript, type ArraySupport } from './array-script.js';
import { Submitter, type TrackedJob } from './submitter.js';
import { stdPath, workerScript } from './worker-script.js';

const HINT_AFTER_MS = 60_000;

/** What any scheduler client prints when it cannot reach its server. */
const NETWORK_TROUBLE =
  /unable to contact|connection refused|timed? ?out|try again|temporarily|not responding|cannot connect|commlib error|unable to connect|socket/i;

/**
 * Base of every batch system that drives a scheduler through its commands. It owns the submit / poll / kill loop,
 * retries with back-off while the scheduler is down (no job is dropped), reports jobs that vanish from the queue as
 * lost, and reads the job's output files back when it fails. A scheduler subclass only builds commands and parses
 * their output.
 */
export abstract class GridBatchSystem implements BatchSystem {
  abstract readonly name: string;
  /** Commands that must be on PATH, checked by `verifyCommands` before the first job. */
  protected abstract readonly requiredCommands: readonly string[];
  /** What the scheduler replaces with its job ID in output paths (`%j` for Slurm). */
  protected abstract readonly jobIdPlaceholder: string;
  /** Human name of the scheduler for messages, e.g. `Slurm`. */
  protected abstract readonly schedulerName: string;

  /**
   * Build the submit command for one job; async when it writes files first (never with blocking I/O: this is the
   * leader).
   */
  protected abstract submitCommand(job: GridSubmission): SubmitCommand | Promise<SubmitCommand>;
  /** The scheduler's job ID from a successful submit command; throw SchedulerError when it is not there. */
  protected abstract parseSubmitOutput(result: CommandResult): string;
  /** The status of each job the scheduler knows; throw when it cannot be asked (the poll is retried). */
  protected abstract queryStatuses(schedulerIds: readonly string[]): Promise<Map<string, SchedulerJobStatus>>;
  /** The command that kills these jobs. */
  protected abstract killCommand(schedulerIds: readonly string[]): string[];

  /** Job arrays, for schedulers that have them; undefined submits every job on its own. */
  protected readonly arraySupport: ArraySupport | undefined = undefined;
  /** Whether to group jobs into arrays (a scheduler reads its option here). */
  protected useJobArrays(): boolean {
    return true;
  }
  /** The submit command for a job array running `script` (one task per job, in order). */
  protected arraySubmitCommand(_jobs: readonly GridSubmission[], _script: string): SubmitCommand {
    throw new SchedulerError(`${this.schedulerName} job arrays are not implemented`);
  }
  /** The scheduler IDs of an array's `count` tasks, in task order, from its submit command's output. */
  protected parseArraySubmitOutput(_result: CommandResult, _count: number): string[] {
    throw new SchedulerError(`${this.schedulerName} job arrays are not implemented`);
  }

  protected readonly log: Logger;
  protected readonly runner: CommandRunner;
  protected readonly tuning: GridTuning;
  private readonly workflowDir: string;
  /** Environment every job gets (setEnv); a subclass building its own scripts exports it too. */
  protected readonly env: Record<string, string> = {};
  private readonly active = new Map<number, TrackedJob>();
  private readonly updates = new UpdateQueue();
  private readonly pollBackoff: Backoff;
  private readonly submitter: Submitter;
  private nextId = 1;
  private pollTimer: NodeJS.Timeout | undefined;
  private polling = false;
  private closed = false;

  constructor(
    protected readonly context: BatchSystemContext,
    options: GridOptions = {},
  ) {
    this.runner = options.runner ?? new ProcessCommandRunner();
    this.tuning = { ...DEFAULT_GRID_TUNING, ...options.tuning };
    this.pollBackoff = new Backoff(this.tuning.retryInitialMs, this.tuning.retryMaxMs);
    this.log = context.log ?? createLogger(context.config.logLevel, 'toil');
    this.workflowDir = localWorkflowDir(context.config);
    if (!context.config.noStdOutErr) mkdirSync(this.workflowDir, { recursive: true, mode: 0o700 });
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the host object's getter needs the instance
    const self = this;
    this.submitter = new Submitter({
      // A getter: subclasses set schedulerName as a field, after this constructor has run.
      get schedulerName() {
        return self.schedulerName;
      },
      tuning: this.tuning,
      log: this.log,
      maxTasksPerSubmit: () => (this.arraysEnabled() ? (this.arraySupport as ArraySupport).maxTasks : 1),
      buildSubmit: (group) =>
        group.length === 1
          ? this.submitCommand(group[0].submission)
          : this.arraySubmitCommand(
              group.map((job) => job.submission),
              this.arrayScriptFor(group),
            ),
      parseSubmitIds: (result, count) =>
        count === 1 ? [this.parseSubmitOutput(result)] : this.parseArraySubmitOutput(result, count),
      run: (argv, input) => this.command(argv, { input }),
      isTransientFailure: (result) => this.isTransientFailure(result),
      failed: (job, output) =>
        this.finish(job, { exitStatus: EXIT_STATUS_UNAVAILABLE, exitReason: BatchJobExitReason.ERROR, output }),
      submitted: () => this.schedulePoll(this.pollIntervalMs()),
    });
  }

  /** Fail at start-up, in one line, when a scheduler command is missing, instead of failing every job later. */
  async verifyCommands(): Promise<void> {
    requireCommands(this.requiredCommands, this.name, this.schedulerName);
  }

  supportsAutoDeployment(): boolean {
    return true;
  }

  supportsWorkerCleanup(): boolean {
    return false;
  }

  checkResourceRequest(jobName: string, requirements: ResolvedRequirements): void {
    const { maxCores, maxMemory, maxDisk } = this.context;
    if (requirements.cores > maxCores)
      throw new InsufficientResourcesError(
        jobName,
        'cores',
        String(requirements.cores),
        String(maxCores),
        '--maxCores',
      );
    if (requirements.memory > maxMemory)
      throw new InsufficientResourcesError(
        jobName,
        'memory',
        `${requirements.memory} bytes`,
        `${maxMemory} bytes`,
        '--maxMemory',
      );
    if (requirements.disk > maxDisk)
      throw new InsufficientResourcesError(
        jobName,
        'disk',
        `${requirements.disk} bytes`,
        `${maxDisk} bytes`,
        '--maxDisk',
      );
  }

  async issueBatchJob(spec: BatchJobSpec): Promise<number> {
    this.checkResourceRequest(spec.displayName, spec.requirements);
    const id = this.nextId++;
    const submission = this.describeSubmission(id, spec);
    const arrayKey = JSON.stringify([spec.requirements, submission.wallTimeSeconds, { ...this.env, ...spec.env }]);
    const job: TrackedJob = { id, arrayKey, submission, unseenPolls: 0, killed: false };
    this.active.set(id, job);
    this.submitter.add(job);
    return id;
  }

  async killBatchJobs(ids: number[]): Promise<void> {
    const killed: TrackedJob[] = [];
    for (const id of ids) {
      this.updates.remove(id);
      const job = this.active.get(id);
      if (!job) continue;
      job.killed = true;
      this.active.delete(id);
      this.submitter.remove(job);
      killed.push(job);
    }
    // A job whose submission is in flight gets its scheduler ID when the command returns; kill it then.
    await Promise.all(killed.map((job) => job.submitting));
    await this.killAndWait(killed.flatMap((job) => (job.schedulerId ? [job.schedulerId] : [])));
  }

  getIssuedBatchJobIds(): number[] {
    // A finished job stays issued until getUpdatedBatchJob has returned it.
    return [...this.active.keys(), ...this.updates.ids()];
  }

  getRunningBatchJobIds(): Map<number, number> {
    const now = Date.now();
    const running = new Map<number, number>();
    for (const job of this.active.values())
      if (job.runningSince !== undefined) running.set(job.id, (now - job.runningSince) / 1000);
    return running;
  }

  getUpdatedBatchJob(maxWaitMs: number): Promise<UpdatedBatchJobInfo | undefined> {
    return this.updates.next(maxWaitMs);
  }

  getSchedulingStatusMessage(): string | undefined {
    const now = Date.now();
    const waiting = [...this.active.values()].filter(
      (j) => j.runningSince === undefined && j.submittedAt !== undefined && now - j.submittedAt > HINT_AFTER_MS,
    );
    if (!waiting.length) return undefined;
    const reasons = [...new Set(waiting.map((j) => j.queuedReason).filter(Boolean))].slice(0, 3);
    return `${waiting.length} job(s) have waited over a minute in the ${this.schedulerName} queue${reasons.length ? ` (reasons: ${reasons.join(', ')})` : ''}; check that the cluster has room for their requirements.`;
  }

  setEnv(name: string, value?: string): void {
    const resolved = value ?? process.env[name];
    if (resolved === undefined)
      throw new InvalidValueError('environment variable', name, 'set it in the environment or give a value');
    this.env[name] = resolved;
  }

  async shutdown(): Promise<void> {
    this.closed = true;
    clearTimeout(this.pollTimer);
    this.submitter.close();
    this.updates.release();
    const jobs = [...this.active.values()];
    this.active.clear();
    for (const job of jobs) job.killed = true;
    await Promise.all(jobs.map((job) => job.submitting));
    const ids = jobs.flatMap((job) => (job.schedulerId ? [job.schedulerId] : []));
    try {
      await this.killAndWait(ids);
    } catch (error) {
      this.log.warn(
        `Could not kill ${ids.length} ${this.schedulerName} job(s) at shutdown (${String(error)}); cancel them by hand: ${ids.join(' ')}`,
      );
    }
  }

  /** Run a command; a missing command becomes a one-line SchedulerError. */
  protected async command(argv: readonly string[], options?: CommandOptions): Promise<CommandResult> {
    try {
      return await this.runner.run(argv, options);
    } catch (error) {
      if (error instanceof CommandNotFoundError)
        throw new SchedulerError(
          `${error.message} Install the ${this.schedulerName} client commands, or choose another --batchSystem.`,
        );
      throw error;
    }
  }

  /** Run a command and return its stdout; a non-zero exit throws with the command's first error line. */
  protected async commandOutput(argv: readonly string[], options?: CommandOptions): Promise<string> {
    const result = await this.command(argv, options);
    if (result.exitCode !== 0)
      throw new SchedulerError(`${argv[0]} failed (exit ${result.exitCode}): ${firstErrorLine(result)}`);
    return result.stdout;
  }

  /**
   * Run the kill for these jobs. The default runs `killCommand` once; a scheduler whose kill command takes one job
   * at a time (Parasol's `parasol remove job <id>`) overrides this to run one per job.
   */
  protected runKill(schedulerIds: readonly string[]): Promise<CommandResult> {
    return this.command(this.killCommand(schedulerIds));
  }

  /** How this scheduler's commands say the scheduler itself is down, on top of the usual network errors. */
  protected readonly outagePattern: RegExp | undefined = undefined;

  /** Whether a failed command looks like the scheduler being unreachable (retried) rather than a refusal (not). */
  protected isTransientFailure(result: CommandResult): boolean {
    const text = `${result.stderr}\n${result.stdout}`;
    return NETWORK_TROUBLE.test(text) || (this.outagePattern?.test(text) ?? false);
  }

  /** The path a job's output went to, with the scheduler's ID filled in. */
  protected outputPath(job: GridSubmission, stream: 'stdout' | 'stderr', schedulerId: string): string {
    return job[stream].split(this.jobIdPlaceholder).join(schedulerId);
  }

  private describeSubmission(id: number, spec: BatchJobSpec): GridSubmission {
    const config = this.context.config;
    const path = (stream: 'std_output' | 'std_error') =>
      config.noStdOutErr ? '/dev/null' : stdPath(this.workflowDir, id, this.name, this.jobIdPlaceholder, stream);
    return {
      batchJobId: id,
      spec,
      jobName: `toil_job_${id}_${spec.displayName}`.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 64),
      script: workerScript(spec.workerCommand, { ...this.env, ...spec.env }),
      stdout: path('std_output'),
      stderr: path('std_error'),
      wallTimeSeconds: Number.isFinite(config.maxJobDuration) ? config.maxJobDuration : undefined,
    };
  }

  private arraysEnabled(): boolean {
    return this.arraySupport !== undefined && this.useJobArrays();
  }

  private arrayScriptFor(group: readonly TrackedJob[]): string {
    const tasks = group.map(({ submission }) => ({
      command: submission.spec.workerCommand,
      stdout: submission.stdout,
      stderr: submission.stderr,
    }));
    return arrayScript(
      tasks,
      { ...this.env, ...group[0].submission.spec.env },
      this.arraySupport as ArraySupport,
      this.jobIdPlaceholder,
    );
  }

  private pollIntervalMs(): number {
    return Math.max(50, this.context.config.statePollingWait * 1000);
  }

  private schedulePoll(delayMs: number): void {
    if (this.pollTimer || this.polling || this.closed) return;
    this.pollTimer = setTimeout(() => {
      this.pollTimer = undefined;
      void this.poll();
    }, delayMs);
  }

  private async poll(): Promise<void> {
    const jobs = [...this.active.values()].filter((job) => job.schedulerId !== undefined);
    if (!jobs.length || this.closed) return;
    this.polling = true;
    let statuses: Map<string, SchedulerJobStatus>;
    try {
      statuses = await this.queryStatuses(jobs.map((job) => job.schedulerId as string));
      this.pollBackoff.succeed();
    } catch (error) {
      this.polling = false;
      return this.pollFailed(jobs, error);
    }
    const now = Date.now();
    for (const job of jobs) {
      if (this.active.get(job.id) !== job) continue; // killed or ended while the query ran
      await this.apply(job, statuses.get(job.schedulerId as string), now);
    }
    this.polling = false;
    if ([...this.active.values()].some((job) => job.schedulerId !== undefined))
      this.schedulePoll(this.pollIntervalMs());
  }

  private pollFailed(jobs: TrackedJob[], error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    if (this.pollBackoff.outageMs() >= this.tuning.outageLimitMs) {
      const why = `${this.schedulerName} has not answered job-state queries for ${Math.round(this.pollBackoff.outageMs() / 1000)} s (${message}); the job's state is unknown.`;
      this.log.error(why);
      for (const job of jobs)
        if (this.active.get(job.id) === job)
          this.finish(job, { exitStatus: EXIT_STATUS_UNAVAILABLE, exitReason: BatchJobExitReason.LOST, output: why });
      this.pollBackoff.succeed();
      return;
    }
    const delay = this.pollBackoff.fail();
    this.log.warn(
      `Could not query ${this.schedulerName} for job states (${message}); retrying in ${(delay / 1000).toFixed(1)} s.`,
    );
    this.schedulePoll(delay);
  }

  private async apply(job: TrackedJob, status: SchedulerJobStatus | undefined, now: number): Promise<void> {
    if (!status) {
      if (
        now - (job.submittedAt ?? now) >= this.tuning.vanishedGraceMs &&
        ++job.unseenPolls >= this.tuning.vanishedPolls
      ) {
        this.finish(job, {
          exitStatus: EXIT_STATUS_UNAVAILABLE,
          exitReason: BatchJobExitReason.LOST,
          output: `${this.schedulerName} job ${job.schedulerId} disappeared from the queue without a recorded end.`,
        });
      }
      return;
    }
    job.unseenPolls = 0;
    if (status.phase === 'queued') {
      job.queuedReason = status.reason;
    } else if (status.phase === 'running') {
      job.runningSince ??= now - (status.elapsed ?? 0) * 1000;
    } else {
      const wallTime =
        status.wallTime ?? (job.runningSince === undefined ? undefined : (now - job.runningSince) / 1000);
      const failed = status.exitReason !== BatchJobExitReason.FINISHED;
      // Nothing captured (Parasol, --noStdOutErr, files not written yet) is no output rather than an empty one.
      const output = failed ? (await this.failureOutput(job, status.detail)) || undefined : undefined;
      if (this.active.get(job.id) !== job) return; // killed while its output was read
      this.finish(job, { exitStatus: status.exitStatus, exitReason: status.exitReason, wallTime, output });
    }
  }

  private async failureOutput(job: TrackedJob, detail: string | undefined): Promise<string> {
    const id = job.schedulerId as string;
    const files = this.context.config.noStdOutErr
      ? ''
      : await readJobOutput([
          this.outputPath(job.submission, 'stderr', id),
          this.outputPath(job.submission, 'stdout', id),
        ]);
    return `${detail ? `${this.schedulerName} job ${id}: ${detail}\n` : ''}${files}`;
  }

  private finish(job: TrackedJob, info: Omit<UpdatedBatchJobInfo, 'batchJobId'>): void {
    this.active.delete(job.id);
    if (job.killed || this.closed) return;
    this.updates.push({ batchJobId: job.id, ...info });
  }

  /** Kill jobs and wait until the scheduler no longer runs them, so their processes are gone when this returns. */
  private killAndWait(schedulerIds: string[]): Promise<void> {
    return killAndWait(schedulerIds, {
      kill: (ids) => this.runKill(ids),
      query: (ids) => this.queryStatuses(ids),
      isTransient: (result) => this.isTransientFailure(result),
      tuning: this.tuning,
      log: this.log,
      schedulerName: this.schedulerName,
    });
  }
}
