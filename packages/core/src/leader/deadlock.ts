import { ToilError } from '../errors.js';
import type { BatchSystem } from '../batch/batch-system.js';

/** Services hold every slot while the jobs that use them wait: the workflow can never finish. */
export class DeadlockError extends ToilError {
  constructor(services: number, waiting: number, seconds: number, hint: string | undefined) {
    super(
      'DEADLOCK',
      `The workflow is deadlocked: for ${seconds} s only services (${services}) have run while ${waiting} job(s) wait for the resources they hold. ` +
        `Give the services fewer cores or less memory, raise --maxCores/--maxMemory, or lower --maxServiceJobs.${hint ? ` Batch system: ${hint}` : ''}`,
    );
  }
}

/**
 * Toil's deadlock check: every `--deadlockCheckInterval` seconds (or sooner when `--deadlockWait` is shorter),
 * look whether every running batch job is a service host while other issued jobs wait. If that has held for
 * `--deadlockWait` seconds, the workflow cannot progress.
 */
export class DeadlockDetector {
  private since: number | undefined;
  private lastCheck = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly batch: BatchSystem,
    private readonly waitSeconds: number,
    private readonly checkIntervalSeconds: number,
  ) {}

  /** Throws DeadlockError when the condition has held long enough. `issued` maps batch IDs to job IDs. */
  check(
    issued: ReadonlyMap<number, string>,
    isServiceHost: (jobId: string) => boolean,
    servicesWaitingForSlot = 0,
    now = Date.now(),
  ): void {
    if (now - this.lastCheck < Math.min(this.checkIntervalSeconds, this.waitSeconds) * 1000) return;
    this.lastCheck = now;
    const running = [...this.batch.getRunningBatchJobIds().keys()];
    const runningServices = running.filter((id) => {
      const jobId = issued.get(id);
      return jobId !== undefined && isServiceHost(jobId);
    }).length;
    const waiting = issued.size - running.length + servicesWaitingForSlot;
    const stuck = running.length > 0 && runningServices === running.length && waiting > 0;
    if (!stuck) {
      this.since = undefined;
      return;
    }
    this.since ??= now;
    if (now - this.since >= this.waitSeconds * 1000) {
      throw new DeadlockError(
        runningServices,
        waiting,
        Math.round((now - this.since) / 1000),
        this.batch.getSchedulingStatusMessage(),
      );
    }
  }
}
