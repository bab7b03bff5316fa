import type { UpdatedBatchJobInfo } from './batch-system.js';

/**
 * Finished jobs waiting for `getUpdatedBatchJob`, with a wait that ends the moment one arrives (no polling sleep):
 * the queue every batch system keeps between its workers and the leader.
 */
export class UpdateQueue {
  private readonly updates: UpdatedBatchJobInfo[] = [];
  private waiter: (() => void) | undefined;

  push(update: UpdatedBatchJobInfo): void {
    this.updates.push(update);
    this.waiter?.();
  }

  /** The oldest update, waiting up to `maxWaitMs` for one. */
  async next(maxWaitMs: number): Promise<UpdatedBatchJobInfo | undefined> {
    if (!this.updates.length && maxWaitMs > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.waiter = undefined;
          resolve();
        }, maxWaitMs);
        this.waiter = () => {
          clearTimeout(timer);
          this.waiter = undefined;
          resolve();
        };
      });
    }
    return this.updates.shift();
  }

  /** Drop a job's update (it was killed after it finished but before it was returned). */
  remove(batchJobId: number): void {
    const i = this.updates.findIndex((u) => u.batchJobId === batchJobId);
    if (i >= 0) this.updates.splice(i, 1);
  }

  /** IDs of the jobs with an update waiting. */
  ids(): number[] {
    return this.updates.map((u) => u.batchJobId);
  }

  /** End a pending wait early (shutdown), so nothing holds the event loop open. */
  release(): void {
    this.waiter?.();
  }
}
