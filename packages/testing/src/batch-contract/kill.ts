import { existsSync } from 'node:fs';
import { BatchJobExitReason } from '@toil/core/backend';
import { describe, expect, it } from 'vitest';
import { fixtureJobs } from './fixture-jobs.js';
import type { BatchContractHarness } from './harness.js';
import { isProcessRunning } from './processes.js';

/** killBatchJobs: killed jobs stop, leave every listing, and are never reported. */
export function describeKill(h: BatchContractHarness): void {
  describe('killBatchJobs', () => {
    it('kills a running job: gone from the listings when the call returns, its process ended, never reported', async () => {
      const path = h.file('killed.json');
      const id = await h.submit(fixtureJobs.sleep(path, 2500));
      const pid = await h.started(path);
      // Schedulers polled every --statePollingWait learn of the start one poll later.
      await h.until(() => h.bs.getRunningBatchJobIds().has(id), 2500, 'the running job to be listed as running');

      await h.bs.killBatchJobs([id]);
      expect(h.bs.getIssuedBatchJobIds()).not.toContain(id);
      expect(h.bs.getRunningBatchJobIds().has(id)).toBe(false);
      if (h.localWorkers)
        expect(isProcessRunning(pid), `worker process ${pid} of the killed job still runs`).toBe(false);

      // Wait past the end the job would have reached: it neither reports nor finishes its work.
      expect(await h.bs.getUpdatedBatchJob(3500)).toBeUndefined();
      expect(existsSync(path)).toBe(false);

      const after = await h.submit(fixtureJobs.writeFile(h.file('after-kill.txt'), 'x'));
      expect(await h.next()).toMatchObject({
        batchJobId: after,
        exitStatus: 0,
        exitReason: BatchJobExitReason.FINISHED,
      });
    });

    it('kills a queued job: gone from the listings, never started, never reported', async () => {
      const blockerPath = h.file('blocker.json');
      const blocker = await h.submit(fixtureJobs.sleep(blockerPath, 1500), { cores: h.maxCores });
      await h.started(blockerPath);
      const queuedPath = h.file('queued.json');
      const queued = await h.submit(fixtureJobs.sleep(queuedPath, 10), { cores: 1 });
      expect(h.bs.getIssuedBatchJobIds()).toContain(queued);
      expect(h.bs.getRunningBatchJobIds().has(queued)).toBe(false);

      await h.bs.killBatchJobs([queued]);
      expect(h.bs.getIssuedBatchJobIds()).not.toContain(queued);
      expect(h.bs.getIssuedBatchJobIds()).toContain(blocker);

      // The blocker's end frees the cores the queued job waited for; it must not start then.
      expect(await h.next()).toMatchObject({
        batchJobId: blocker,
        exitStatus: 0,
        exitReason: BatchJobExitReason.FINISHED,
      });
      expect(await h.bs.getUpdatedBatchJob(1000)).toBeUndefined();
      expect(existsSync(`${queuedPath}.pid`)).toBe(false);
      expect(h.bs.getIssuedBatchJobIds()).toEqual([]);
    });

    it('ignores IDs it never issued and jobs that already finished', async () => {
      const id = await h.submit(fixtureJobs.writeFile(h.file('finished.txt'), 'x'));
      expect((await h.next()).batchJobId).toBe(id);
      await h.bs.killBatchJobs([id, 987_654]);
      expect(h.bs.getIssuedBatchJobIds()).toEqual([]);
      expect(await h.bs.getUpdatedBatchJob(200)).toBeUndefined();
    });
  });
}
