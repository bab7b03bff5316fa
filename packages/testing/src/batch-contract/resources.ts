import { ToilError } from '@toil/core';
import { BatchJobExitReason } from '@toil/core/backend';
import { describe, expect, it } from 'vitest';
import { maxConcurrency, type Run } from './concurrency.js';
import { fixtureJobs } from './fixture-jobs.js';
import { fixtureRequirements, type BatchContractHarness } from './harness.js';

/** checkResourceRequest and the --maxCores bound on what runs at once. */
export function describeResources(h: BatchContractHarness): void {
  describe('resources', () => {
    it('checkResourceRequest throws InsufficientResourcesError for more cores than maxCores, naming the job', () => {
      expect(() => h.bs.checkResourceRequest('fits exactly', fixtureRequirements(h.maxCores))).not.toThrow();
      let error: unknown;
      try {
        h.bs.checkResourceRequest('too many cores', fixtureRequirements(h.maxCores + 1));
      } catch (err) {
        error = err;
      }
      expect(ToilError.is(error), `expected InsufficientResourcesError, got ${String(error)}`).toBe(true);
      expect((error as ToilError).code).toBe('INSUFFICIENT_RESOURCES');
      expect((error as ToilError).message).toContain('too many cores');
    });

    it('never runs more one-core jobs at once than maxCores', async () => {
      const slots = Math.floor(h.maxCores);
      const paths = Array.from({ length: 2 * slots + 1 }, (_, i) => h.file(`run-${i}.json`));
      for (const path of paths) await h.submit(fixtureJobs.sleep(path, 400));
      const updates = await h.collect(paths.length);
      expect(updates.every((u) => u.exitReason === BatchJobExitReason.FINISHED)).toBe(true);
      const runs = await Promise.all(paths.map(async (path) => JSON.parse(await h.waitForFile(path)) as Run));
      const most = maxConcurrency(runs);
      expect(most).toBeGreaterThanOrEqual(1);
      expect(most).toBeLessThanOrEqual(slots);
    });
  });
}
