import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, makeJob } from '@toil/testing';
import { testConfig } from '@toil/testing';
import { FileJobStore } from './file-job-store.js';

/**
 * Throughput with 10,000 jobs. Prints rates and asserts only correctness: timings depend on the machine.
 * The leader does about ten job-store operations per job, so 5,000 ops/s is the 500 jobs/s target.
 */
const JOBS = 10_000;
const CONCURRENCY = 32;

/** Run `op` for every index with `concurrency` operations in flight; returns operations per second. */
async function rate(count: number, concurrency: number, op: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await op(next++);
    }),
  );
  return (count / (performance.now() - start)) * 1000;
}

describe('FileJobStore with 10,000 jobs', () => {
  let parent: string;
  let store: FileJobStore;
  beforeAll(async () => {
    parent = await mkdtemp(join(tmpdir(), 'toil-fjs-perf-'));
    store = new FileJobStore(`file:${join(parent, 'store')}`);
    await store.initialize(testConfig());
  });
  afterAll(async () => {
    await store.destroy();
    await rm(parent, { recursive: true, force: true });
  });

  it('creates, loads, updates, lists and deletes 10,000 jobs', async () => {
    const ids = Array.from({ length: JOBS }, () => store.assignId());
    const rates: Record<string, string> = {};
    const record = (name: string, value: number): void => void (rates[name] = `${Math.round(value)}/s`);

    record('create (sequential)', await rate(1000, 1, (i) => store.create(makeJob(ids[i]))));
    record('create', await rate(JOBS - 1000, CONCURRENCY, (i) => store.create(makeJob(ids[i + 1000]))));
    record('load (sequential)', await rate(1000, 1, (i) => store.load(ids[i])));
    record('load', await rate(JOBS, CONCURRENCY, (i) => store.load(ids[i])));
    record('update', await rate(JOBS, CONCURRENCY, (i) => store.update(makeJob(ids[i], { done: true }))));
    record('jobExists', await rate(JOBS, CONCURRENCY, (i) => store.jobExists(ids[i])));
    let listed = 0;
    const listStart = performance.now();
    for await (const job of store.jobs()) if (job.done) listed++;
    record('jobs() listing', (listed / (performance.now() - listStart)) * 1000);
    expect(listed).toBe(JOBS);
    record('delete', await rate(JOBS, CONCURRENCY, (i) => store.delete(ids[i])));
    expect(await collect(store.jobs())).toEqual([]);

    // A leader-like life of a job: ten operations, one job per lane.
    const lifecycle = async (): Promise<void> => {
      const id = store.assignId();
      await store.create(makeJob(id));
      const promiseFile = await store.getEmptyFileId({ ownerJobId: id });
      await store.load(id);
      await store.update(makeJob(id, { remainingTries: 1 }));
      await store.updateFileBytes(promiseFile, '{"codec":1,"value":42}');
      await store.load(id);
      await store.update(makeJob(id, { done: true }));
      await store.readFileBytes(promiseFile);
      await store.jobExists(id);
      await store.delete(id);
    };
    const jobsPerSecond = await rate(2000, CONCURRENCY, lifecycle);
    record('job lifecycles (10 ops each)', jobsPerSecond);
    record('lifecycle ops', jobsPerSecond * 10);
    console.log(`FileJobStore rates, ${JOBS} jobs, ${CONCURRENCY} in flight unless sequential:`, rates);
    expect(await collect(store.jobs())).toEqual([]);
  }, 300_000);
});
