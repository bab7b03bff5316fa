import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BatchJobExitReason, EXIT_STATUS_UNAVAILABLE } from '@toil/core/backend';
import type { SchedulerJobStatus } from '@toil/batch-grid';
import { LEADER_CLAIM, poolDir } from './pool-script.js';

/** A pooled array the leader submitted: where its tasks leave claims and exit codes, and how many jobs it holds. */
export interface Pool {
  dir: string;
  count: number;
  /** Set once every job is claimed and the array's still-pending tasks have been cancelled. */
  drained: boolean;
}

/** What the pool's files say about one job: its exit code once it ended, else who claimed it, if anyone. */
export interface PoolJobView {
  /** The job's own ID, `<array>_<index>`. */
  id: string;
  index: number;
  exitCode?: number;
  /** Seconds the job ran, from the exit file. */
  wallTime?: number;
  /** The Slurm task (`<array>_<task>`) running it, or LEADER_CLAIM. */
  claimedBy?: string;
}

/** A new pool's record, for the array Slurm numbered `arrayId`. */
export function newPool(workflowDir: string, arrayId: string, count: number): Pool {
  return { dir: poolDir(workflowDir, arrayId), count, drained: false };
}

/** `<array>_<index>` split in two; undefined for an ID of another shape. */
export function splitTaskId(id: string): { arrayId: string; index: number } | undefined {
  const match = /^(\d+)_(\d+)$/.exec(id);
  return match ? { arrayId: match[1], index: Number(match[2]) } : undefined;
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined; // not written yet
  }
}

/** Read one job's exit file and claim. */
export async function viewPoolJob(pool: Pool, id: string, index: number): Promise<PoolJobView> {
  // "<code> <start> <end>" (pool-script.ts); times a `date` without %N (not GNU) garbles are left out.
  const exit = /^(\d+)(?: (\S*) (\S*))?\s*$/.exec((await readText(join(pool.dir, `exit_${index}`))) ?? '');
  if (exit) {
    const seconds = Number(exit[3]) - Number(exit[2]);
    const wallTime = Number.isFinite(seconds) && exit[2] ? Math.max(0, seconds) : undefined;
    return { id, index, exitCode: Number(exit[1]), wallTime };
  }
  // A claim folder whose owner file is not written yet is a task between mkdir and echo: claimed, owner unknown.
  const by = await readText(join(pool.dir, `claim_${index}`, 'by'));
  return { id, index, claimedBy: by?.trim() || undefined };
}

/**
 * Claim a job for the leader, so no task of its array will run it (it is being killed, or was declared lost).
 * False when a task claimed it first.
 */
export async function claimForLeader(pool: Pool, index: number): Promise<boolean> {
  await mkdir(pool.dir, { recursive: true, mode: 0o700 });
  try {
    await mkdir(join(pool.dir, `claim_${index}`));
  } catch {
    return false;
  }
  await writeFile(join(pool.dir, `claim_${index}`, 'by'), LEADER_CLAIM, { mode: 0o600 });
  return true;
}

/** An ended status with Toil's exit reason for a worker's exit code. */
function exited(code: number, wallTime: number | undefined): SchedulerJobStatus {
  return {
    phase: 'ended',
    exitStatus: code,
    exitReason: code === 0 ? BatchJobExitReason.FINISHED : BatchJobExitReason.FAILED,
    ...(wallTime === undefined ? {} : { wallTime }),
  };
}

/**
 * A pooled job's status from its files and the Slurm status of the task that matters: the one that claimed it, or,
 * while unclaimed or taken back by the leader, its own task (which would claim it first when it starts).
 * `ownTaskEnded` is only reached for a job no task claimed; the caller then claims it for the leader and reports
 * the own task's end as the job's (pools.ts).
 */
export function pooledStatus(
  view: PoolJobView,
  task: SchedulerJobStatus | undefined,
): SchedulerJobStatus | undefined | 'ownTaskEnded' {
  if (view.exitCode !== undefined) return exited(view.exitCode, view.wallTime);
  // Taken back by the leader (killed): over once its own task, cancelled with it, has left Slurm's queue.
  if (view.claimedBy === LEADER_CLAIM && task && task.phase !== 'ended') return { phase: 'running' };
  if (view.claimedBy === LEADER_CLAIM)
    return {
      phase: 'ended',
      exitStatus: EXIT_STATUS_UNAVAILABLE,
      exitReason: BatchJobExitReason.KILLED,
      detail: 'taken back by the leader before any task ran it',
    };
  if (!task) return undefined; // Slurm does not know the task (yet, or any more): the base class's grace applies
  if (view.claimedBy === undefined && task.phase === 'ended') return 'ownTaskEnded';
  if (view.claimedBy === undefined)
    return { phase: 'queued', reason: task.phase === 'queued' ? task.reason : undefined };
  if (task.phase === 'queued') return { phase: 'running' }; // claimed: the task runs, whatever an old answer said
  if (task.phase === 'running') return { phase: 'running' }; // the task's elapsed time covers earlier jobs too
  // The task ended without the job's exit file: it was cancelled, timed out or lost its node while running this job.
  if (task.exitReason === BatchJobExitReason.FINISHED)
    return {
      phase: 'ended',
      exitStatus: EXIT_STATUS_UNAVAILABLE,
      exitReason: BatchJobExitReason.LOST,
      detail: `array task ${view.claimedBy} ended without recording the job's exit code`,
    };
  return { ...task, wallTime: undefined, detail: task.detail ?? `array task ${view.claimedBy} ended` };
}
