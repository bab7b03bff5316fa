import { readFile } from 'node:fs/promises';
import { BatchJobExitReason } from '@toil/core/backend';
import { describe, expect, it } from 'vitest';
import { fixtureJobs } from './fixture-jobs.js';
import { delay, sorted, type BatchContractHarness } from './harness.js';

/** Finished, failed and crashed jobs: each reported exactly once, with the right status. */
export function describeResults(h: BatchContractHarness): void {
  describe('finished jobs', () => {
    it('reports each finished job exactly once, with exit status 0, FINISHED and a wall time', async () => {
      const paths = [0, 1, 2].map((i) => h.file(`out-${i}.txt`));
      const ids: number[] = [];
      for (const [i, path] of paths.entries()) ids.push(await h.submit(fixtureJobs.writeFile(path, `output ${i} ✓`)));
      const timed = await h.submit(fixtureJobs.sleep(h.file('timed.json'), 1000));
      ids.push(timed);
      expect(new Set(ids).size).toBe(4);
      expect(sorted(h.bs.getIssuedBatchJobIds())).toEqual(sorted(ids));

      const updates = await h.collect(4);
      expect(sorted(updates.map((u) => u.batchJobId))).toEqual(sorted(ids));
      for (const update of updates) {
        expect(update.exitStatus).toBe(0);
        expect(update.exitReason).toBe(BatchJobExitReason.FINISHED);
        expect(update.wallTime).toBeTypeOf('number');
        expect(update.wallTime).toBeGreaterThanOrEqual(0);
        expect(update.wallTime).toBeLessThan(h.jobTimeoutMs / 1000);
      }
      // The sleeping job ran for at least its second of sleep.
      expect(updates.find((u) => u.batchJobId === timed)?.wallTime).toBeGreaterThanOrEqual(0.9);
      for (const [i, path] of paths.entries()) expect(await readFile(path, 'utf8')).toBe(`output ${i} ✓`);

      expect(await h.bs.getUpdatedBatchJob(500)).toBeUndefined();
      expect(h.bs.getIssuedBatchJobIds()).toEqual([]);
      expect(h.bs.getRunningBatchJobIds().size).toBe(0);
    });

    it('lists a finished job as issued until getUpdatedBatchJob returns it', async () => {
      const path = h.file('done.txt');
      const id = await h.submit(fixtureJobs.writeFile(path, 'done'));
      await h.waitForFile(path);
      // By now the job has finished or is about to; either way it has not been returned yet.
      for (let i = 0; i < 10; i++) {
        expect(h.bs.getIssuedBatchJobIds()).toContain(id);
        await delay(50);
      }
      expect((await h.next()).batchJobId).toBe(id);
      expect(h.bs.getIssuedBatchJobIds()).not.toContain(id);
    });
  });

  describe('failed and crashed jobs', () => {
    it('reports a job that throws as FAILED with a non-zero exit status, once', async () => {
      const id = await h.submit(fixtureJobs.fail('contract-failure-marker'));
      const update = await h.next();
      expect(update.batchJobId).toBe(id);
      expect(update.exitStatus).not.toBe(0);
      expect(update.exitReason).toBe(BatchJobExitReason.FAILED);
      // Output capture is optional; what is captured must be the job's.
      if (update.output !== undefined) expect(update.output).toContain('contract-failure-marker');
      expect(await h.bs.getUpdatedBatchJob(300)).toBeUndefined();
      expect(h.bs.getIssuedBatchJobIds()).toEqual([]);
    });

    it('reports a job whose worker calls process.exit(3) as FAILED with exit status 3, and keeps serving', async () => {
      const id = await h.submit(fixtureJobs.exitHard(3));
      const update = await h.next();
      // One object match, so a failure shows the whole update (output included), not just the first wrong field.
      expect(update).toMatchObject({ batchJobId: id, exitStatus: 3, exitReason: BatchJobExitReason.FAILED });
      await expectStillServing(h);
    });

    it('reports a job that SIGKILLs its own worker as ended unsuccessfully (not lost), and keeps serving', async () => {
      const id = await h.submit(fixtureJobs.killSelf());
      const update = await h.next();
      expect(update.batchJobId).toBe(id);
      expect(update.exitStatus).not.toBe(0);
      expect([BatchJobExitReason.FAILED, BatchJobExitReason.KILLED, BatchJobExitReason.LOST]).toContain(
        update.exitReason,
      );
      expect(h.bs.getIssuedBatchJobIds()).toEqual([]);
      await expectStillServing(h);
    });
  });
}

/** A job issued after a crash runs and finishes normally. */
async function expectStillServing(h: BatchContractHarness): Promise<void> {
  const path = h.file('after-crash.txt');
  const id = await h.submit(fixtureJobs.writeFile(path, 'still serving'));
  const update = await h.next();
  expect(update).toMatchObject({ batchJobId: id, exitStatus: 0, exitReason: BatchJobExitReason.FINISHED });
  expect(await readFile(path, 'utf8')).toBe('still serving');
  expect(await h.bs.getUpdatedBatchJob(300)).toBeUndefined();
}
