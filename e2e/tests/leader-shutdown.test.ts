/**
 * The leader does not return while steps it started are still writing to the job store: whoever called it shuts
 * the batch system down and may delete the store next. A leader runs against an in-memory job store whose
 * deletions are slow, with a batch system double that runs jobs with the real worker code in this process; the
 * leader is stopped (as SIGTERM or `toil kill` would) while it deletes the finished root job.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { defineJob, WorkflowKilledError, type JobDef } from '@toil/core';
import { createLogger, type JobStore } from '@toil/core/backend';
import { Leader, saveRootJob } from '@toil/core/internal';
import { MemoryJobStore, testConfig } from '@toil/testing';
import { InProcessBatchSystem, workDirForFile } from './helpers/in-process-batch.js';

const leaf = defineJob('shutdown.leaf', async () => 'leaf');
const root = defineJob('shutdown.root', async (ctx) => ctx.addChild(leaf).rv());

const workDir = workDirForFile('leader-shutdown-');

it('waits for the job-store writes of its steps before it returns, also when it is stopped mid-way', async () => {
  // Unchained, the root stays in the store until the leader deletes it after its child.
  const config = testConfig({ jobStore: 'memory:shutdown', disableChaining: true });
  const inner = new MemoryJobStore();
  await inner.initialize(config);
  const rootId = await saveRootJob(inner, config, root as JobDef, []);
  const stop = new AbortController();
  const deletions: { id: string; endedAt?: number }[] = [];
  // The leader's view of the store: deleting a job takes 300 ms, and the first deletion stops the workflow.
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop !== 'delete') {
        const value: unknown = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return async (id: string) => {
        const deletion: { id: string; endedAt?: number } = { id };
        deletions.push(deletion);
        stop.abort('SIGTERM');
        await sleep(300);
        await target.delete(id);
        deletion.endedAt = Date.now();
      };
    },
  }) as JobStore;
  // Workers write through the store itself: only the leader's deletions are slow.
  const batch = new InProcessBatchSystem({ store: inner, config, localWorkflowDir: workDir(), echo: () => undefined });
  const leader = new Leader({
    store,
    batch: batch.asBatchSystem(),
    config,
    rootId,
    log: createLogger('OFF'),
    workerCommand: [],
    env: {},
    signal: stop.signal,
  });

  const outcome = await leader.run().then(
    () => 'returned',
    (error: unknown) => error,
  );
  const returnedAt = Date.now();
  expect(outcome).toBeInstanceOf(WorkflowKilledError);
  // The root's deletion (the last step of a finished workflow) had started when the stop came; it ended first.
  expect(deletions.map((d) => d.id)).toEqual([rootId]);
  expect(deletions[0].endedAt).toBeDefined();
  expect(deletions[0].endedAt!).toBeLessThanOrEqual(returnedAt);
  expect(await inner.tryLoad(rootId)).toBeUndefined();
  await inner.destroy();
});
