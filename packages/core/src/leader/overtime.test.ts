import { describe, expect, it } from 'vitest';
import { BatchJobExitReason, type BatchSystem } from '../batch/batch-system.js';
import { lostJobs, overdueJobs } from './overtime.js';

/** Only the two queries these checks make. */
function batchWith(issued: number[], running: [number, number][]): BatchSystem {
  return {
    getIssuedBatchJobIds: () => issued,
    getRunningBatchJobIds: () => new Map(running),
  } as unknown as BatchSystem;
}

describe('leader checks on running jobs', () => {
  it('finds jobs over --maxJobDuration, sparing service hosts', () => {
    const batch = batchWith(
      [1, 2, 3],
      [
        [1, 5],
        [2, 50],
        [3, 99],
      ],
    );
    const overdue = overdueJobs(batch, 10, (id) => id === 3);
    expect(overdue.map((u) => u.batchJobId)).toEqual([2]);
    expect(overdue[0].exitReason).toBe(BatchJobExitReason.KILLED);
    expect(overdue[0].output).toMatch(/ran for 50\.0 s, longer than --maxJobDuration 10 s/);
    expect(overdueJobs(batch, Infinity, () => false)).toEqual([]);
  });

  it('finds jobs the batch system no longer knows as LOST', () => {
    const lost = lostJobs(batchWith([1, 3], []), [1, 2, 3, 4]);
    expect(lost.map((u) => [u.batchJobId, u.exitReason])).toEqual([
      [2, BatchJobExitReason.LOST],
      [4, BatchJobExitReason.LOST],
    ]);
  });
});
