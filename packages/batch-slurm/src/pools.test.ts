/**
 * SlurmPools' reading of a pool when tasks could not see the workflow folder (nodes that do not share --workDir,
 * which cannot be made on this one-node Slurm, so Slurm's answers are given here) and when the leader kills jobs.
 * The pool's files are real.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchJobExitReason } from '@toil/core/backend';
import type { SchedulerJobStatus } from '@toil/batch-grid';
import { afterEach, describe, expect, it } from 'vitest';
import { SlurmPools } from './pools.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function pools(answers: Record<string, SchedulerJobStatus>) {
  const dir = mkdtempSync(join(tmpdir(), 'slurm-pools-'));
  dirs.push(dir);
  const cancelled: string[][] = [];
  let warnings = 0;
  const p = new SlurmPools(
    dir,
    {
      query: async (ids) => new Map(ids.flatMap((id) => (answers[id] ? [[id, answers[id]] as const] : []))),
      cancel: async (args) => {
        cancelled.push([...args]);
        return { exitCode: 0, stdout: '', stderr: '' };
      },
    },
    () => warnings++,
  );
  return { p, dir, cancelled, warnings: () => warnings };
}

const finished = { phase: 'ended', exitStatus: 0, exitReason: BatchJobExitReason.FINISHED } as const;
const failed = { phase: 'ended', exitStatus: 2, exitReason: BatchJobExitReason.FAILED } as const;

describe('SlurmPools', () => {
  it("takes a task's end for its unclaimed job's when the task could not see the pool, and stops pooling", async () => {
    const { p, dir, warnings } = pools({ '5_0': finished, '5_1': failed });
    p.add('5', 2);
    await new Promise((resolve) => setTimeout(resolve, 50)); // the folder is made without blocking the leader
    expect(existsSync(join(dir, 'slurm_pool_5'))).toBe(true);
    const statuses = await p.query(['5_0', '5_1']);
    expect(statuses.get('5_0')).toMatchObject({ exitStatus: 0, exitReason: BatchJobExitReason.FINISHED });
    expect(statuses.get('5_1')).toMatchObject({ exitStatus: 2, exitReason: BatchJobExitReason.FAILED });
    expect(p.shared).toBe(false);
    expect(warnings()).toBe(1);
    // Taken back, so that no task that does see the folder runs them again.
    expect(readFileSync(join(dir, 'slurm_pool_5', 'claim_0', 'by'), 'utf8')).toBe('leader');
  });

  it('kills an unstarted job by taking it back and cancelling its own task, then the pending rest', async () => {
    const { p, dir, cancelled } = pools({ '6_0': { phase: 'queued' } });
    p.add('6', 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await p.kill(['6_0']);
    expect(cancelled).toEqual([['6_0'], ['--state=PENDING', '6']]);
    expect(existsSync(join(dir, 'slurm_pool_6', 'claim_0'))).toBe(true);
    expect(p.shared).toBe(true);
  });
});
