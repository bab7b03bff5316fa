import { FailedJobsError, ToilError, WorkflowKilledError } from '../errors.js';
import type { BatchSystem, UpdatedBatchJobInfo } from '../batch/batch-system.js';
import type { JobStore } from '../jobstore/jobstore.js';
import type { WorkflowConfig } from '../options/config.js';
import type { Logger } from '../log/logger.js';
import { newNode, type JobNode } from './job-node.js';
import { reportFailedAttempt } from './failures.js';
import { doubleMemoryForRetry } from './memory-retry.js';
import { ServiceTracker } from './services.js';
import { StatsDrain } from './stats-drain.js';
import { JobLogFiles } from './job-log-files.js';
import { restartCheckpointAbove } from './checkpoints.js';
import { Limiter } from '../util/limiter.js';
import { DeadlockDetector } from './deadlock.js';
import { lostJobs, overdueJobs } from './overtime.js';
import { Queue } from '../util/queue.js';
import { settlePromisedRequirements } from '../requirements/resolve-promised.js';
import type { LeaderEvents, LeaderProgress } from './events.js';
import type { ResolvedRequirements } from '../requirements/requirements.js';
import type { IssuedJob } from '../autoscale/scaler.js';

export type { LeaderEvents, LeaderProgress };

/** What the leader needs. */
export interface LeaderOptions {
  store: JobStore;
  batch: BatchSystem;
  config: WorkflowConfig;
  rootId: string;
  log: Logger;
  /** Command line that runs a worker for a job, minus the job ID (appended). */
  workerCommand: string[];
  /** Environment for workers. */
  env: Record<string, string>;
  /** Called on every job event, for progress displays. */
  onProgress?(progress: LeaderProgress): void;
  /** Told of every issued, completed, failed and lost batch job, for metrics. */
  events?: LeaderEvents;
  /** Aborting stops the run at the next turn of the loop with WorkflowKilledError (the reason string says who). */
  signal?: AbortSignal;
  /**
   * Called with every job before it is issued, after the batch system's own check; throwing stops the workflow
   * (the autoscaler refuses a job no node type can run).
   */
  admit?(displayName: string, requirements: ResolvedRequirements): void;
  /** Told how long each batch job ran, by job name (the autoscaler learns run times from it). */
  onJobEnded?(jobName: string, seconds: number): void;
}

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Successor visits (each a job-store read) in flight at once. */
const VISIT_LANES = 64;

/**
 * Ready jobs the leader hands to the batch system ahead of what has finished (service hosts not counted). Past
 * this, successors stay as IDs in the visit queue: loading and issuing all of a 100,000-job batch at once would
 * hold every description in memory.
 */
const MAX_ISSUED_AHEAD = 1000;

/** How often progress counts ask the batch system how many jobs run. */
const RUNNING_REFRESH_MS = 200;

/** How long one wait for a batch update may last before periodic work runs (not a polling sleep). */
const UPDATE_WAIT_MS = 1000;

/**
 * The leader: walks the job graph held in the job store and issues every job whose predecessors have run.
 * Event-driven: it sleeps only inside `getUpdatedBatchJob`, which returns as soon as a job ends, and does O(1)
 * work per job event. The job store stays the source of truth: the leader's state is rebuilt from it on restart.
 */
export class Leader {
  readonly nodes = new Map<string, JobNode>();
  private readonly issued = new Map<number, string>();
  /** When each issued batch job was handed over (ms), for run times when the batch system gives none. */
  private readonly issuedAt = new Map<number, number>();
  readonly failed: { id: string; name: string }[] = [];
  private pendingOps = 0;
  /** The steps `track` is running, so that the leader can wait for them before it returns. */
  private readonly steps = new Set<Promise<void>>();
  /** Set once the main loop ended: in-flight steps finish, but none starts new work (a batch, a visit, an issue). */
  private stopping = false;
  private rootDone = false;
  private fatal: unknown;
  private wake = deferred();
  private completed = 0;
  readonly services: ServiceTracker;
  private readonly stats: StatsDrain;
  /** `--writeLogs`/`--writeLogsGzip`: where failed and received job logs are written as files. */
  private readonly logFiles: JobLogFiles | undefined;
  private readonly visitQueue = new Queue<[string, string]>();
  private activeVisits = 0;
  /** Bounds concurrent job-store reads (see Limiter). */
  private readonly io = new Limiter(64);

  private readonly deadlock: DeadlockDetector;
  private lastRescue = Date.now();
  /** Issued jobs the batch system reports running, as of `runningAt` (for progress counts). */
  private running = 0;
  private runningAt = 0;
  /** Batch IDs whose update has been taken from the batch system and awaits handling. */
  private readonly arrived = new Set<number>();

  constructor(readonly options: LeaderOptions) {
    this.services = new ServiceTracker(this);
    this.deadlock = new DeadlockDetector(
      options.batch,
      options.config.deadlockWait,
      options.config.deadlockCheckInterval,
    );
    this.logFiles = JobLogFiles.fromConfig(options.config);
    this.stats = new StatsDrain(options.store, options.log, {
      realtime: options.config.realTimeLogging,
      logFiles: this.logFiles,
    });
    // `this.wake` is replaced after every wake-up: resolve whichever is current when the abort comes.
    options.signal?.addEventListener('abort', () => this.wake.resolve(), { once: true });
  }

  /** Run until the root job and everything below it has finished; throws FailedJobsError if jobs failed. */
  async run(): Promise<void> {
    const { batch } = this.options;
    this.stats.start();
    this.track(this.visit(undefined, this.options.rootId));
    let pendingUpdate: Promise<UpdatedBatchJobInfo | undefined> | undefined;
    try {
      for (;;) {
        if (!this.rootDone && this.options.signal?.aborted) this.fatal ??= this.killed(this.options.signal.reason);
        if (this.fatal !== undefined || this.rootDone) break;
        if (this.pendingOps === 0 && this.issued.size === 0) break;
        // Only services are left running while nothing else can move: stop them so the run can end.
        if (this.pendingOps === 0 && this.services.onlyServicesLeft(this.issued.values()))
          this.services.abandonAll(this.issued.values());
        try {
          this.deadlock.check(this.issued, (id) => this.services.isHost(id), this.services.waitingForSlot);
        } catch (error) {
          this.fatal = error;
          break;
        }
        this.killOverdue();
        this.rescueLost();
        pendingUpdate ??= batch.getUpdatedBatchJob(UPDATE_WAIT_MS).then((update) => {
          // Taken from the batch system but maybe not handled yet (a wake-up can win the race): not lost.
          if (update) this.arrived.add(update.batchJobId);
          return update;
        });
        const winner = await Promise.race([
          pendingUpdate.then((update) => ({ update })),
          this.wake.promise.then(() => undefined),
        ]);
        if (!winner) {
          this.wake = deferred();
          continue;
        }
        pendingUpdate = undefined;
        if (winner.update) this.track(this.onUpdate(winner.update));
      }
    } finally {
      this.stopping = true;
      this.services.stop();
      // The caller shuts the batch system down and may delete the job store next: steps still writing to it must
      // end first (their errors are past mattering: the run already ended, with its own outcome).
      while (this.steps.size) await Promise.allSettled([...this.steps]);
      await this.stats.stop();
    }
    if (this.fatal !== undefined) throw this.fatal;
    // Also when the root finished: a service host can fail (its check threw) while its client's jobs go on.
    if (this.failed.length) throw new FailedJobsError(this.failed, this.options.store.locator);
    if (!this.rootDone) {
      throw new ToilError(
        'STALLED',
        'The workflow stopped making progress: no job is running and none can be issued. This is a bug in Toil; please report it with the job store.',
        { userFacing: false },
      );
    }
  }

  private killed(reason: unknown): WorkflowKilledError {
    const how = typeof reason === 'string' ? reason : 'aborted';
    this.options.log.warn(`Stopping the workflow: it was killed (${how}).`);
    return new WorkflowKilledError(this.options.store.locator, how);
  }

  /** Run an async step of the leader; any error it throws stops the workflow. `run` waits for it to end. */
  track(op: Promise<void>): void {
    this.pendingOps++;
    const step = op
      .catch((error: unknown) => {
        this.fatal ??= error;
      })
      .finally(() => {
        this.pendingOps--;
        this.steps.delete(step);
        if (this.pendingOps === 0 || this.fatal !== undefined) this.wake.resolve();
      });
    this.steps.add(step);
  }

  /**
   * Visits wait in a queue and at most VISIT_LANES run at once, so a batch of 100,000 successors costs a
   * queue entry each, not 100,000 pending promises and file reads.
   */
  private pumpVisits(): void {
    while (
      !this.stopping &&
      this.activeVisits < VISIT_LANES &&
      this.visitQueue.length &&
      this.issued.size - this.services.hostCount < MAX_ISSUED_AHEAD
    ) {
      const [parent, id] = this.visitQueue.shift()!;
      this.activeVisits++;
      this.track(
        this.visit(parent, id).finally(() => {
          this.activeVisits--;
          this.pumpVisits();
        }),
      );
    }
  }

  /** A predecessor (or nobody, for the root) reached job `id` in its current successor batch. */
  async visit(parent: string | undefined, id: string): Promise<void> {
    let node = this.nodes.get(id);
    if (!node) {
      const desc = await this.io.run(() => this.options.store.tryLoad(id));
      node = this.nodes.get(id);
      if (!node) {
        if (!desc) {
          // Gone: it and everything below it finished earlier.
          this.notifyWaiter(parent);
          return;
        }
        node = newNode(desc);
        this.nodes.set(id, node);
        if (parent !== undefined) node.waiters.push(parent);
        if (desc.done) this.services.startOrContinue(node);
        else await this.predecessorRan(node, parent === undefined);
        return;
      }
    }
    if (parent !== undefined) node.waiters.push(parent);
    if (!node.desc.done) await this.predecessorRan(node, false);
  }

  private async predecessorRan(node: JobNode, isRoot: boolean): Promise<void> {
    node.predecessorsRun++;
    if (node.state === 'waiting' && (isRoot || node.predecessorsRun >= node.desc.predecessorCount))
      await this.issue(node);
  }

  /** Hand a job to the batch system, first accounting for a failed attempt a chained worker left on it. */
  async issue(node: JobNode): Promise<void> {
    const { batch, store, log } = this.options;
    if (this.stopping) return;
    if (node.desc.logFileId) await reportFailedAttempt(store, log, node, undefined, this.options.config, this.logFiles);
    if (node.desc.remainingTries <= 0) return this.markFailed(node);
    // Promised requirements become figures now that their promising jobs have run, so the batch system sees them.
    if (node.desc.promisedRequirements)
      node.desc = await settlePromisedRequirements(store, node.desc, this.options.config);
    const desc = node.desc;
    batch.checkResourceRequest(desc.displayName, desc.requirements);
    this.options.admit?.(desc.displayName, desc.requirements);
    node.state = 'issued';
    const batchJobId = await batch.issueBatchJob({
      jobStoreId: desc.id,
      displayName: desc.displayName,
      requirements: desc.requirements,
      workerCommand: [...this.options.workerCommand, desc.id],
      env: this.options.env,
    });
    this.issued.set(batchJobId, desc.id);
    this.issuedAt.set(batchJobId, Date.now());
    this.options.events?.jobIssued(desc.name);
    log.debug(`Issued job '${desc.displayName}' ${desc.id} as batch job ${batchJobId}`);
    this.progress();
  }

  private async onUpdate(update: UpdatedBatchJobInfo): Promise<void> {
    this.arrived.delete(update.batchJobId);
    const id = this.issued.get(update.batchJobId);
    if (id === undefined) return;
    this.issued.delete(update.batchJobId);
    const issuedAt = this.issuedAt.get(update.batchJobId);
    this.issuedAt.delete(update.batchJobId);
    this.pumpVisits();
    const node = this.nodes.get(id);
    if (node && issuedAt !== undefined)
      this.options.onJobEnded?.(node.desc.name, update.wallTime ?? (Date.now() - issuedAt) / 1000);
    // Deleted under a rerunning checkpoint: its result no longer matters.
    if (!node) return;
    if (this.services.abandoned.has(id)) {
      this.nodes.delete(id);
      this.services.hostExited(node);
      return;
    }
    const desc = await this.io.run(() => this.options.store.tryLoad(id));
    // Gone (a chain that ran to its end) or done: the attempt committed.
    if (!desc || desc.done) this.options.events?.jobCompleted(node.desc.name);
    if (!desc) return this.finished(node, false);
    node.desc = desc;
    if (desc.done) return this.services.startOrContinue(node);
    // Not committed: the attempt failed (or the worker died). Count it and retry while tries remain.
    this.options.events?.jobFailed(desc.name);
    await reportFailedAttempt(this.options.store, this.options.log, node, update, this.options.config, this.logFiles);
    if (node.desc.remainingTries > 0) {
      await doubleMemoryForRetry(this.options.store, this.options.log, node, update, this.options.config);
      this.options.events?.jobRetried?.(desc.name);
      node.state = 'waiting';
      await this.issue(node);
    } else {
      this.markFailed(node);
    }
  }

  /** Start the next non-empty successor batch of a job whose body (and services) have started. */
  nextBatch(node: JobNode): void {
    if (this.stopping) return;
    const batches = node.desc.successors;
    while (node.batchIndex < batches.length) {
      const batch = batches[node.batchIndex];
      if (batch.length) {
        node.outstanding = batch.length;
        for (const id of batch) this.visitQueue.push([node.id, id]);
        this.pumpVisits();
        return;
      }
      node.batchIndex++;
    }
    if (this.services.stopIfHosting(node)) return;
    this.track(this.finished(node, true));
  }

  /** A job and all its successors are done: delete it (if it still exists) and tell whoever waits. */
  async finished(node: JobNode, stillStored: boolean): Promise<void> {
    if (stillStored) await this.io.run(() => this.options.store.delete(node.id));
    this.nodes.delete(node.id);
    this.completed++;
    this.progress();
    if (this.services.hostExited(node)) return;
    if (!node.waiters.length) this.notifyWaiter(undefined);
    for (const waiter of node.waiters) this.notifyWaiter(waiter);
  }

  private notifyWaiter(parent: string | undefined): void {
    if (parent === undefined) {
      this.rootDone = true;
      this.wake.resolve();
      return;
    }
    const node = this.nodes.get(parent);
    if (!node) return;
    node.outstanding--;
    if (node.outstanding === 0) {
      node.batchIndex++;
      this.nextBatch(node);
    }
  }

  private markFailed(node: JobNode): void {
    node.state = 'failed';
    this.failed.push({ id: node.id, name: node.desc.displayName });
    this.options.log.error(`Job '${node.desc.displayName}' ${node.id} failed with no retries left.`);
    // A service host out of tries frees its --maxServiceJobs slot; its client goes no further if it never started.
    this.services.hostExited(node, true);
    this.progress();
    this.track(restartCheckpointAbove(this, node));
  }

  /** Every --rescueJobsFrequency seconds, count jobs the batch system lost as failed attempts. */
  private rescueLost(now = Date.now()): void {
    if (now - this.lastRescue < this.options.config.rescueJobsFrequency * 1000) return;
    this.lastRescue = now;
    const lost = lostJobs(
      this.options.batch,
      [...this.issued.keys()].filter((id) => !this.arrived.has(id)),
    );
    if (!lost.length) return;
    for (let i = 0; i < lost.length; i++) this.options.events?.jobMissing();
    this.options.log.warn(`${lost.length} job(s) were lost by the batch system; they will be retried.`);
    this.track(Promise.all(lost.map((u) => this.onUpdate(u))).then(() => undefined));
  }

  /** Kill jobs running past --maxJobDuration and count each as a failed attempt. */
  private killOverdue(): void {
    const overdue = overdueJobs(this.options.batch, this.options.config.maxJobDuration, (batchId) =>
      this.services.isHost(this.issued.get(batchId) ?? ''),
    );
    if (!overdue.length) return;
    this.track(
      (async () => {
        await this.options.batch.killBatchJobs(overdue.map((u) => u.batchJobId));
        await Promise.all(overdue.map((u) => this.onUpdate(u)));
      })(),
    );
  }

  /** Kill the batch jobs running these jobs (their subtree is being deleted); their results no longer matter. */
  async killJobs(jobIds: ReadonlySet<string>): Promise<void> {
    const batchIds = [...this.issued].filter(([, jobId]) => jobIds.has(jobId)).map(([batchId]) => batchId);
    for (const id of batchIds) {
      this.issued.delete(id);
      this.issuedAt.delete(id);
    }
    if (batchIds.length) await this.options.batch.killBatchJobs(batchIds);
  }

  /** Jobs handed to the batch system and not yet ended, with what they asked for: the autoscaler's queue. */
  issuedJobs(): IssuedJob[] {
    const jobs: IssuedJob[] = [];
    for (const id of this.issued.values()) {
      const node = this.nodes.get(id);
      if (!node) continue;
      const { name, displayName, requirements } = node.desc;
      jobs.push({ name, displayName, requirements, service: this.services.isHost(id) });
    }
    return jobs;
  }

  /** Forget a failure (a checkpoint above it is rerunning its subtree). */
  clearFailure(id: string): void {
    const i = this.failed.findIndex((f) => f.id === id);
    if (i >= 0) this.failed.splice(i, 1);
  }

  private progress(): void {
    const now = Date.now();
    // The batch system builds its running list on each call: refreshed at most every RUNNING_REFRESH_MS, not per event.
    if (now - this.runningAt >= RUNNING_REFRESH_MS) {
      this.running = this.options.batch.getRunningBatchJobIds().size;
      this.runningAt = now;
    }
    const issued = this.issued.size;
    const progress = {
      completed: this.completed,
      issued,
      running: Math.min(this.running, issued),
      queued: this.visitQueue.length,
      failed: this.failed.length,
    };
    this.options.onProgress?.(progress);
    this.options.events?.progress(progress);
  }
}
