import { mkdir } from 'node:fs/promises';
import { BatchJobExitReason } from '@toil/core/backend';
import type { CommandResult, SchedulerJobStatus } from '@toil/batch-grid';
import { LEADER_CLAIM } from './pool-script.js';
import {
  claimForLeader,
  newPool,
  pooledStatus,
  splitTaskId,
  viewPoolJob,
  type Pool,
  type PoolJobView,
} from './pool-status.js';

/** Slurm as the pools need it: statuses of task IDs, and scancel with optional extra arguments. */
export interface PoolSlurm {
  query(taskIds: readonly string[]): Promise<Map<string, SchedulerJobStatus>>;
  cancel(args: readonly string[]): Promise<CommandResult>;
}

/**
 * The pooled arrays of one leader (pool-script.ts): which job IDs belong to one, their statuses from the pool's
 * files and Slurm, and kills that take unstarted jobs back instead of cancelling a task that may be running another.
 */
export class SlurmPools {
  private readonly pools = new Map<string, Pool>();
  /** False once a task could not see its pool's folder: the nodes do not share the workflow's folder. */
  shared = true;

  constructor(
    private readonly workflowDir: string,
    private readonly slurm: PoolSlurm,
    /** Called once when tasks turn out not to see the leader's workflow folder. */
    private readonly onNotShared: () => void,
  ) {}

  /**
   * Record the array Slurm numbered `arrayId`, holding `count` jobs, and make its folder: its tasks wait a moment
   * for it, and a task that never sees it runs its own job alone (the folder is not shared with its node).
   */
  add(arrayId: string, count: number): void {
    const pool = newPool(this.workflowDir, arrayId, count);
    this.pools.set(arrayId, pool);
    void mkdir(pool.dir, { recursive: true, mode: 0o700 }).catch(() => undefined);
  }

  /** Whether a scheduler ID is a job of a pooled array. */
  has(id: string): boolean {
    const parts = splitTaskId(id);
    return parts !== undefined && this.pools.has(parts.arrayId);
  }

  /** Statuses of pooled jobs (all `ids` must satisfy `has`). */
  async query(ids: readonly string[]): Promise<Map<string, SchedulerJobStatus>> {
    const views = await this.views(ids);
    await this.cancelLeftoverTasks();
    // Ask Slurm about the task that matters for each unfinished job; then read exit files again, because a job may
    // have ended, and its task with it, between the first read and Slurm's answer.
    // A job the leader took back: its own task, which the kill cancelled, may still be leaving Slurm's queue.
    const taskOf = (view: PoolJobView) =>
      view.claimedBy === undefined || view.claimedBy === LEADER_CLAIM ? view.id : view.claimedBy;
    const open = views.filter((view) => view.exitCode === undefined);
    const tasks = open.length ? await this.slurm.query([...new Set(open.map(taskOf))]) : new Map();
    const statuses = new Map<string, SchedulerJobStatus>();
    for (const first of views) {
      const view = first.exitCode === undefined ? await this.view(first.id) : first;
      const status = pooledStatus(view, tasks.get(taskOf(first)));
      if (status === 'ownTaskEnded') {
        // No task claimed it and its own task is gone: take it back so none will. Its own task either ran it alone
        // (it could not see the pool's folder: pool-script.ts) or ended before running anything (cancelled, node
        // lost); either way the task's end is the job's.
        const task = tasks.get(taskOf(first)) as SchedulerJobStatus & { phase: 'ended' };
        if (!(await claimForLeader(this.poolOf(view.id), view.index))) statuses.set(view.id, { phase: 'queued' });
        else statuses.set(view.id, task);
        if (task.exitReason === BatchJobExitReason.FINISHED && this.shared) {
          this.shared = false;
          this.onNotShared();
        }
      } else if (status) statuses.set(view.id, status);
    }
    return statuses;
  }

  /**
   * Kill pooled jobs: an unclaimed one is claimed for the leader (no task will start it) and its own, pending task
   * cancelled; a claimed one has its task cancelled (a task runs one job at a time: normally just this one). Then
   * arrays with nothing left to claim lose their pending tasks. Returns scancel's answer, for the caller's retries.
   */
  async kill(ids: readonly string[]): Promise<CommandResult> {
    const cancel = new Set<string>();
    for (const view of await this.views(ids)) {
      if (view.exitCode !== undefined) continue;
      if (view.claimedBy === undefined && (await claimForLeader(this.poolOf(view.id), view.index))) cancel.add(view.id);
      else if (view.claimedBy) cancel.add(view.claimedBy);
      else cancel.add(view.id); // claimed by its own task a moment ago: cancel that task
    }
    cancel.delete(LEADER_CLAIM);
    const result = cancel.size ? await this.slurm.cancel([...cancel]) : { exitCode: 0, stdout: '', stderr: '' };
    await this.cancelLeftoverTasks();
    return result;
  }

  private poolOf(id: string): Pool {
    return this.pools.get((splitTaskId(id) as { arrayId: string }).arrayId) as Pool;
  }

  private view(id: string): Promise<PoolJobView> {
    const { index } = splitTaskId(id) as { index: number };
    return viewPoolJob(this.poolOf(id), id, index);
  }

  private views(ids: readonly string[]): Promise<PoolJobView[]> {
    return Promise.all(ids.map((id) => this.view(id)));
  }

  /**
   * Once every job of an array has been claimed, its tasks Slurm has not started would only start, find nothing
   * and exit, while holding the queue ahead of later jobs (the next array waits behind them): cancel them.
   */
  private async cancelLeftoverTasks(): Promise<void> {
    for (const [arrayId, pool] of this.pools) {
      if (pool.drained) continue;
      const views = await Promise.all(
        Array.from({ length: pool.count }, (_, i) => viewPoolJob(pool, `${arrayId}_${i}`, i)),
      );
      if (views.some((view) => view.exitCode === undefined && view.claimedBy === undefined)) continue;
      pool.drained = true;
      await this.slurm.cancel(['--state=PENDING', arrayId]);
    }
  }
}
