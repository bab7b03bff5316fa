import { BatchJobExitReason } from '@toil/core/backend';
import { describe, expect, it } from 'vitest';
import { fixtureJobs } from './fixture-jobs.js';
import type { BatchContractHarness } from './harness.js';

/** How long getUpdatedBatchJob(maxWait) waits. Bounds are generous: this checks behaviour, not timer precision. */
export function describeWaiting(h: BatchContractHarness): void {
  describe('getUpdatedBatchJob(maxWait)', () => {
    it('returns undefined after about maxWait when no job was issued, and at once for maxWait 0', async () => {
      let started = Date.now();
      expect(await h.bs.getUpdatedBatchJob(1000)).toBeUndefined();
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(800);
      expect(elapsed).toBeLessThan(5000);
      started = Date.now();
      expect(await h.bs.getUpdatedBatchJob(0)).toBeUndefined();
      expect(Date.now() - started).toBeLessThan(1000);
    });

    it('returns undefined after about maxWait while a job runs but none finishes', async () => {
      const path = h.file('long.json');
      await h.submit(fixtureJobs.sleep(path, 10_000));
      await h.started(path);
      const started = Date.now();
      expect(await h.bs.getUpdatedBatchJob(1000)).toBeUndefined();
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(800);
      expect(elapsed).toBeLessThan(5000);
    });

    it('returns a job that finishes during the wait long before maxWait', async () => {
      const id = await h.submit(fixtureJobs.sleep(h.file('short.json'), 300));
      const started = Date.now();
      const update = await h.bs.getUpdatedBatchJob(60_000);
      expect(update).toMatchObject({ batchJobId: id, exitStatus: 0, exitReason: BatchJobExitReason.FINISHED });
      expect(Date.now() - started).toBeLessThan(h.jobTimeoutMs);
    });
  });
}
