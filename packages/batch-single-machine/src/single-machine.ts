import { statfsSync } from 'node:fs';
import { availableParallelism, tmpdir, totalmem } from 'node:os';
import {
  BatchJobExitReason,
  EXIT_STATUS_UNAVAILABLE,
  inProcessRunner,
  type BatchJobSpec,
  type BatchSystem,
  type BatchSystemContext,
  type InProcessRunner,
  type ResolvedRequirements,
  type UpdatedBatchJobInfo,
  UpdateQueue,
} from '@toil/core/backend';
import { ResourcePool, type Allocation } from './resources.js';
import { WarmWorker } from './warm-worker.js';
import { InProcessWorker, type PoolWorker } from './in-process-worker.js';

/** How many waiting jobs the scheduler looks past when the first ones do not fit. */
const SCAN_WINDOW = 32;

/** How long shutdown lets an idle worker exit on its own before killing it. */
const SHUTDOWN_GRACE_MS = 5000;

interface QueuedJob {
  id: number;
  spec: BatchJobSpec;
  allocation: Allocation;
  issuedAt: number;
  startedAt?: number;
  worker?: PoolWorker;
  killed?: boolean;
  /** Settles once a started job has ended and left the running set. */
  ended?: Promise<void>;
}

/**
 * Runs jobs on this machine (Toil's singleMachine): FIFO with resource packing (fractional cores allowed),
 * each job on a warm worker process from a pool that grows to the number of jobs that fit at once.
 */
export class SingleMachineBatchSystem implements BatchSystem {
  readonly name = 'single_machine';
  private readonly pool: ResourcePool;
  private readonly queue: QueuedJob[] = [];
  private readonly running = new Map<number, QueuedJob>();
  private readonly idle: PoolWorker[] = [];
  private readonly workers = new Set<PoolWorker>();
  private readonly updates = new UpdateQueue();
  private readonly env: Record<string, string> = {};
  private nextId = 1;
  /** `--debugWorker`: runs jobs in this process; made at the first job, shared by the in-process workers. */
  private runner: InProcessRunner | undefined;
  private shuttingDown = false;

  constructor(private readonly context: BatchSystemContext) {
    const workDir = context.config.workDir ?? process.env.TOIL_WORKDIR ?? tmpdir();
    let freeDisk = Number.POSITIVE_INFINITY;
    try {
      const fs = statfsSync(workDir);
      freeDisk = fs.bavail * fs.bsize;
    } catch {
      // The work dir may not exist yet; leave disk unlimited rather than guess.
    }
    this.pool = new ResourcePool(
      Math.min(context.maxCores, availableParallelism()),
      Math.min(context.maxMemory, totalmem()),
      Math.min(context.maxDisk, freeDisk),
      context.config.scale,
    );
  }

  supportsAutoDeployment(): boolean {
    return true;
  }

  supportsWorkerCleanup(): boolean {
    return true;
  }

  checkResourceRequest(jobName: string, requirements: ResolvedRequirements): void {
    this.pool.check(jobName, requirements);
  }

  async issueBatchJob(spec: BatchJobSpec): Promise<number> {
    this.pool.check(spec.displayName, spec.requirements);
    const job: QueuedJob = {
      id: this.nextId++,
      spec,
      allocation: this.pool.allocationFor(spec.requirements),
      issuedAt: Date.now(),
    };
    this.queue.push(job);
    this.schedule();
    return job.id;
  }

  async killBatchJobs(ids: number[]): Promise<void> {
    const endings: Promise<void>[] = [];
    for (const id of ids) {
      const queued = this.queue.findIndex((j) => j.id === id);
      if (queued >= 0) this.queue.splice(queued, 1);
      const running = this.running.get(id);
      if (running) {
        running.killed = true;
        running.worker?.kill();
        if (running.ended) endings.push(running.ended);
      }
      this.updates.remove(id);
    }
    // As in Toil, the call returns once the jobs are gone: from the listings, and their processes from the machine.
    await Promise.all(endings);
  }

  getIssuedBatchJobIds(): number[] {
    // A finished job stays issued until getUpdatedBatchJob has returned it.
    return [...this.queue.map((j) => j.id), ...this.running.keys(), ...this.updates.ids()];
  }

  getRunningBatchJobIds(): Map<number, number> {
    const now = Date.now();
    return new Map([...this.running.values()].map((j) => [j.id, (now - (j.startedAt ?? now)) / 1000]));
  }

  getUpdatedBatchJob(maxWaitMs: number): Promise<UpdatedBatchJobInfo | undefined> {
    return this.updates.next(maxWaitMs);
  }

  getSchedulingStatusMessage(): string | undefined {
    if (!this.queue.length) return undefined;
    return `${this.queue.length} job(s) wait for resources on this machine (${this.pool.totalMilliCores / 1000} cores).`;
  }

  setEnv(name: string, value?: string): void {
    const v = value ?? process.env[name];
    if (v === undefined) throw new Error(`setEnv: '${name}' has no value and is not set in this environment.`);
    this.env[name] = v;
  }

  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    this.queue.length = 0;
    // Release a leader still waiting for an update, so nothing holds the event loop open.
    this.updates.release();
    const workers = [...this.workers];
    for (const worker of workers) {
      if (worker.busy) worker.kill();
      else worker.close();
    }
    this.workers.clear();
    this.idle.length = 0;
    // Return only when every worker process has ended, so none outlives the batch system.
    await Promise.all(workers.map((worker) => worker.waitForExit(SHUTDOWN_GRACE_MS)));
  }

  /**
   * Start queued jobs that fit now, in order. A job that does not fit lets smaller ones behind it start, but only
   * within a window of SCAN_WINDOW waiting jobs: scanning a 100,000-job queue on every event would be quadratic.
   */
  private schedule(): void {
    let skipped = 0;
    for (let i = 0; i < this.queue.length && skipped < SCAN_WINDOW && !this.shuttingDown;) {
      const job = this.queue[i];
      if (!this.pool.tryAcquire(job.allocation)) {
        skipped++;
        i++;
        continue;
      }
      this.queue.splice(i, 1);
      this.start(job);
    }
  }

  /** `--debugWorker`: a worker that runs jobs in this, the leader's, process (see InProcessWorker). */
  private inProcessWorker(): PoolWorker {
    this.runner ??= inProcessRunner(this.context.locator, this.context.pluginPaths.jobStore);
    const worker = new InProcessWorker(this.runner, this.context.log);
    this.workers.add(worker);
    return worker;
  }

  private start(job: QueuedJob): void {
    const worker = this.idle.pop() ?? (this.context.config.debugWorker ? this.inProcessWorker() : this.spawn());
    job.worker = worker;
    job.startedAt = Date.now();
    this.running.set(job.id, job);
    job.ended = worker
      .run({
        type: 'run',
        batchJobId: job.id,
        locator: this.context.locator,
        jobId: job.spec.jobStoreId,
        pluginUrl: this.context.pluginPaths.jobStore,
        env: { ...this.env, ...job.spec.env },
      })
      .then((end) => {
        this.running.delete(job.id);
        this.pool.release(job.allocation);
        if (worker.retiring) worker.close();
        else if (worker.alive && !this.shuttingDown) this.idle.push(worker);
        if (!job.killed) {
          this.updates.push({
            batchJobId: job.id,
            exitStatus: end.ok ? 0 : end.died ? (end.signal ? EXIT_STATUS_UNAVAILABLE : end.exitCode) : 1,
            exitReason: end.ok
              ? BatchJobExitReason.FINISHED
              : end.signal === 'SIGKILL'
                ? BatchJobExitReason.KILLED
                : BatchJobExitReason.FAILED,
            wallTime: (Date.now() - (job.startedAt ?? Date.now())) / 1000,
            output: end.ok ? undefined : describeEnd(end),
          });
        }
        this.schedule();
      });
  }

  private spawn(): WarmWorker {
    const forget = (w: WarmWorker) => {
      const i = this.idle.indexOf(w);
      if (i >= 0) this.idle.splice(i, 1);
    };
    const worker = new WarmWorker(
      !this.context.config.disableWorkerOutputCapture,
      (w) => {
        this.workers.delete(w);
        forget(w);
      },
      (w, stray) => {
        // The job it ran is to blame, not the one running now (if any): warn, and replace the process once idle.
        if (this.context.log)
          this.context.log.warn(stray.text, stray.jobId ? { jobId: stray.jobId, jobName: stray.jobName } : undefined);
        else process.stderr.write(`${stray.text}\n`);
        if (!w.busy) {
          forget(w);
          w.close();
        }
      },
    );
    this.workers.add(worker);
    return worker;
  }
}

function describeEnd(end: {
  died: boolean;
  exitCode: number;
  signal?: NodeJS.Signals | null;
  output: string;
  error?: string;
}): string {
  const how = end.died
    ? `The worker process died (${end.signal ? `signal ${end.signal}` : `exit code ${end.exitCode}`}) while running the job.\n`
    : '';
  // The worker could not run the job (e.g. the workflow failed to load there): no job log holds this error.
  const why = end.error ? `The worker could not run the job: ${end.error}\n` : '';
  return how + why + end.output;
}
