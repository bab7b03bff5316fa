/**
 * Crash at every write: the leader and an in-process worker run a workflow on an in-memory job store that "dies"
 * (every later call throws) after its N-th write, for every N from 0 to the number of writes a clean run makes.
 * A new leader then restarts from what the store holds, as `--restart` does, and must produce the exact result.
 * Job-store writes are atomic, so a store stopped after N writes is exactly what a kill -9 can leave behind; this
 * walks every such state of several graph shapes (fan-out, diamond, chain, nested promises, encapsulation).
 */
import { describe, expect, it } from 'vitest';
import { defineJob, type JobDef, type Rv, type WorkflowConfig } from '@toil/core';
import { createLogger, type JobStore } from '@toil/core/backend';
import { cleanForRestart, Leader, readRootValue, saveRootJob, type WorkerRuntime } from '@toil/core/internal';
import { MemoryJobStore, testConfig } from '@toil/testing';
import { InProcessBatchSystem, workDirForFile } from './helpers/in-process-batch.js';

const square = defineJob('crashpoints.square', async (_ctx, x: number) => x * x);
const sum = defineJob('crashpoints.sum', async (_ctx, xs: number[]) => xs.reduce((a, b) => a + b, 0));
const fanout = defineJob('crashpoints.fanout', async (ctx, n: number) =>
  ctx
    .addFollowOn(
      sum,
      Array.from({ length: n }, (_, i) => ctx.addChild(square, i).rv()),
    )
    .rv(),
);
const join2 = defineJob('crashpoints.join', async (_ctx, a: number, b: number) => a * 10 + b);
const diamond = defineJob('crashpoints.diamond', async (ctx) => {
  const a = ctx.addChild(square, 2);
  const b = ctx.addChild(square, 3);
  const c = a.addChild(join2, a.rv(), 1);
  b.addChild(c);
  return ctx.addFollowOn(join2, c.rv(), b.rv()).rv();
});
const step = defineJob('crashpoints.step', async (ctx, left: number): Promise<number | Rv<number>> =>
  left === 0 ? 0 : ctx.addFollowOn(step, left - 1).rv(),
);
const nested = defineJob('crashpoints.nested', async (ctx) => {
  const hs = [1, 2, 3].map((i) => ctx.addChild(square, i));
  return { squares: hs.map((h) => h.rv()), first: new Map([['one', hs[0].rv()]]) };
});
const encapsulated = defineJob('crashpoints.encapsulated', async (ctx) => {
  const inner = ctx.addChild(fanout, 3).encapsulate();
  return inner.addChild(join2, inner.rv(), 7).rv();
});

/** Thrown by every call once the store has "crashed". */
class StoreDied extends Error {}

/** Which JobStore methods write (a crash can fall between any two of them). */
const WRITES = new Set([
  'create',
  'update',
  'delete',
  'writeFile',
  'writeFileBytes',
  'writeFileStream',
  'getEmptyFileId',
  'writeAllocatedFile',
  'updateFile',
  'updateFileBytes',
  'deleteFile',
  'writeSharedFile',
  'deleteSharedFile',
  'writeStatsAndLogging',
  'setRootJob',
]);

/** A view of `store` that dies after `budget` writes: that write and every later call throw. */
function dyingStore(store: JobStore, budget: number): { store: JobStore; writes: () => number } {
  let writes = 0;
  let dead = false;
  const proxy = new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function' || prop === 'assignId' || prop === 'allocateFileId')
        return typeof value === 'function' ? value.bind(target) : value;
      return (...args: unknown[]) => {
        if (!dead && WRITES.has(String(prop)) && ++writes > budget) dead = true;
        if (dead) return Promise.reject(new StoreDied(`store died before ${String(prop)}`));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: proxy, writes: () => writes };
}

const workDir = workDirForFile('crash-points-');

const quiet = createLogger('OFF');

/** Run a leader over `store` until the root job finishes; the workflow's config says retries and chaining. */
async function lead(store: JobStore, config: WorkflowConfig, rootId: string): Promise<void> {
  const runtime: WorkerRuntime = { store, config, localWorkflowDir: workDir(), echo: () => undefined };
  // Attempts run one at a time so that every run makes its writes in the same order; a worker whose store died
  // under it may reject, which is the failure being tested, not a bug.
  const batch = new InProcessBatchSystem(runtime, { serial: true, workerRejectionIsFailure: true }).asBatchSystem();
  await new Leader({ store, batch, config, rootId, log: quiet, workerCommand: [], env: {} }).run();
}

/** A fresh store holding a workflow whose root job is `def(...args)`, saved as Toil.start saves it. */
async function newWorkflow(
  def: JobDef,
  args: unknown[],
  config: WorkflowConfig,
): Promise<{ store: MemoryJobStore; rootId: string }> {
  const store = new MemoryJobStore();
  await store.initialize(config);
  return { store, rootId: await saveRootJob(store, config, def, args) };
}

const shapes: [string, JobDef, unknown[], unknown][] = [
  ['fan-out of 4 with a follow-on sum', fanout as JobDef, [4], 14],
  ['diamond: a job with two predecessors', diamond as JobDef, [], 419],
  ['chain of 4 follow-ons (chained in one worker)', step as JobDef, [4], 0],
  [
    'promises nested in a returned object and Map',
    nested as JobDef,
    [],
    { squares: [1, 4, 9], first: new Map([['one', 1]]) },
  ],
  ['encapsulated fan-out with a successor', encapsulated as JobDef, [], 57],
];

describe('a crash after every job-store write, then a restart', () => {
  for (const [label, def, args, expected] of shapes) {
    it(`${label}: every crash point restarts to the exact result`, async () => {
      const config = testConfig({ retryCount: 0, jobStore: 'memory:x' });
      // A clean run first: its result, and how many writes a run makes.
      const clean = await newWorkflow(def, args, config);
      const counting = dyingStore(clean.store, Number.POSITIVE_INFINITY);
      await lead(counting.store, config, clean.rootId);
      expect(await readRootValue(clean.store)).toEqual(expected);
      const total = counting.writes();
      expect(total).toBeGreaterThan(3);

      for (let budget = 0; budget < total; budget++) {
        const { store, rootId } = await newWorkflow(def, args, config);
        const dying = dyingStore(store, budget);
        // The dying worker reports that it cannot record its failure; that is expected noise here.
        const stderrWrite = process.stderr.write;
        process.stderr.write = () => true;
        try {
          await expect(lead(dying.store, config, rootId), `crash after write ${budget}`).rejects.toThrow(StoreDied);
        } finally {
          process.stderr.write = stderrWrite;
        }
        const restartConfig = { ...config, restart: true, workflowAttemptNumber: 1 };
        await cleanForRestart(store, rootId, restartConfig.retryCount + 1, quiet);
        if (await store.jobExists(rootId)) await lead(store, restartConfig, rootId);
        expect(await readRootValue(store), `restart after a crash after write ${budget} of ${total}`).toEqual(expected);
        // Nothing is left behind: every job finished and was deleted.
        const left: string[] = [];
        for await (const job of store.jobs()) left.push(`${job.displayName} done=${job.done}`);
        expect(left, `jobs left after write ${budget}`).toEqual([]);
        await store.destroy();
      }
      await clean.store.destroy();
      console.log(`${label}: restarted after each of ${total} crash points`);
    });
  }
});
