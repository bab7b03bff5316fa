import { readFile } from 'node:fs/promises';
import { BatchJobExitReason } from '@toil/core/backend';
import { describe, expect, it } from 'vitest';
import { fixtureJobs } from './fixture-jobs.js';
import { delay, sorted, type BatchContractHarness } from './harness.js';

/** getRunningBatchJobIds and getIssuedBatchJobIds. */
export function describeListings(h: BatchContractHarness): void {
  describe('listings', () => {
    it('getRunningBatchJobIds lists running jobs with the seconds they have run, growing', async () => {
      const path = h.file('running.json');
      const id = await h.submit(fixtureJobs.sleep(path, 10_000));
      await h.started(path);
      await h.until(() => h.bs.getRunningBatchJobIds().has(id), 2500, 'the running job to be listed as running');
      const first = h.bs.getRunningBatchJobIds();
      expect([...first.keys()]).toEqual([id]);
      await delay(1100);
      const second = h.bs.getRunningBatchJobIds();
      expect([...second.keys()]).toEqual([id]);
      const [before, after] = [first.get(id)!, second.get(id)!];
      expect(before).toBeGreaterThanOrEqual(0);
      expect(after - before).toBeGreaterThanOrEqual(0.5);
      expect(after - before).toBeLessThan(10);
      expect(after).toBeLessThan(h.jobTimeoutMs / 1000 + 10);
    });

    it('getIssuedBatchJobIds includes queued jobs, which getRunningBatchJobIds leaves out', async () => {
      const blockerPath = h.file('blocker.json');
      const blocker = await h.submit(fixtureJobs.sleep(blockerPath, 3000), { cores: h.maxCores });
      await h.started(blockerPath);
      // Schedulers polled every --statePollingWait learn of the start one poll later.
      await h.until(
        () => h.bs.getRunningBatchJobIds().has(blocker),
        2500,
        'the running blocker to be listed as running',
      );
      const waiting = [h.file('queued-0.txt'), h.file('queued-1.txt')];
      const queued: number[] = [];
      for (const path of waiting) queued.push(await h.submit(fixtureJobs.writeFile(path, 'ran after the blocker')));
      expect(sorted(h.bs.getIssuedBatchJobIds())).toEqual(sorted([blocker, ...queued]));
      expect([...h.bs.getRunningBatchJobIds().keys()]).toEqual([blocker]);

      const updates = await h.collect(3);
      expect(sorted(updates.map((u) => u.batchJobId))).toEqual(sorted([blocker, ...queued]));
      expect(updates.every((u) => u.exitReason === BatchJobExitReason.FINISHED)).toBe(true);
      for (const path of waiting) expect(await readFile(path, 'utf8')).toBe('ran after the blocker');
      expect(h.bs.getIssuedBatchJobIds()).toEqual([]);
      expect(h.bs.getRunningBatchJobIds().size).toBe(0);
    });
  });
}
