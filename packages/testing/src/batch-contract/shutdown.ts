import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixtureJobs } from './fixture-jobs.js';
import { delay, type BatchContractHarness } from './harness.js';
import { isProcessRunning } from './processes.js';

/** shutdown: no worker outlives it, and nothing queued starts afterwards. */
export function describeShutdown(h: BatchContractHarness): void {
  describe('shutdown', () => {
    it('leaves no worker process behind: idle, running, and none started for queued jobs', async () => {
      const pids = new Set<number>();
      // Jobs that finish first, so a system that keeps workers has idle ones at shutdown.
      const quick = Array.from({ length: Math.floor(h.maxCores) }, (_, i) => h.file(`quick-${i}.json`));
      for (const path of quick) await h.submit(fixtureJobs.sleep(path, 300));
      await h.collect(quick.length);
      for (const path of quick) pids.add(await h.started(path));

      const running = h.file('running.json');
      await h.submit(fixtureJobs.sleep(running, 10_000));
      pids.add(await h.started(running));
      const queued = h.file('queued.json');
      await h.submit(fixtureJobs.sleep(queued, 10), { cores: h.maxCores });

      await h.shutdown();
      if (h.localWorkers) {
        const alive = [...pids].filter(isProcessRunning);
        expect(alive, `worker processes still running after shutdown: ${alive.join(', ')}`).toEqual([]);
      }
      await delay(1000);
      expect(existsSync(`${queued}.pid`)).toBe(false);
      expect(existsSync(running)).toBe(false);
    });
  });
}
