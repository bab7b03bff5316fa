import { describe, expect, it } from 'vitest';
import type { BatchSystem } from '../batch/batch-system.js';
import { DeadlockDetector } from './deadlock.js';

function batchRunning(ids: number[]): BatchSystem {
  return {
    getRunningBatchJobIds: () => new Map(ids.map((id) => [id, 1])),
    getSchedulingStatusMessage: () => '1 job(s) wait for resources',
  } as unknown as BatchSystem;
}

describe('DeadlockDetector', () => {
  const issued = new Map([
    [1, 'svcA'],
    [2, 'svcB'],
    [3, 'client'],
  ]);
  const isHost = (id: string) => id.startsWith('svc');

  it('reports a deadlock only after services alone have run for --deadlockWait', () => {
    const detector = new DeadlockDetector(batchRunning([1, 2]), 60, 30);
    expect(() => detector.check(issued, isHost, 0, 0)).not.toThrow();
    expect(() => detector.check(issued, isHost, 0, 30_000)).not.toThrow();
    expect(() => detector.check(issued, isHost, 0, 60_000)).toThrow(
      /deadlocked: for 60 s only services \(2\) have run while 1 job\(s\) wait.*Batch system: 1 job\(s\) wait/,
    );
  });

  it('resets when a non-service job runs, and ignores services when nothing waits', () => {
    const running = [1, 2];
    const batch = {
      getRunningBatchJobIds: () => new Map(running.map((id) => [id, 1])),
      getSchedulingStatusMessage: () => undefined,
    } as unknown as BatchSystem;
    const detector = new DeadlockDetector(batch, 10, 5);
    detector.check(issued, isHost, 0, 0);
    running.push(3);
    detector.check(issued, isHost, 0, 5_000);
    running.pop();
    expect(() => detector.check(issued, isHost, 0, 10_000)).not.toThrow();
    expect(() => detector.check(new Map([[1, 'svcA']]), isHost, 0, 30_000)).not.toThrow();
  });

  it('counts services waiting for a --maxServiceJobs slot as waiting', () => {
    const detector = new DeadlockDetector(batchRunning([1]), 2, 1);
    const onlyHost = new Map([[1, 'svcA']]);
    detector.check(onlyHost, isHost, 1, 0);
    expect(() => detector.check(onlyHost, isHost, 1, 2_000)).toThrow(
      /only services \(1\) have run while 1 job\(s\) wait/,
    );
  });
});
