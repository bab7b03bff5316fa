/**
 * The leader does not return while steps it started are still writing to the job store: whoever called it shuts
 * the batch system down and may delete the store next. A leader runs against an in-memory job store whose
 * deletions are slow, with a batch system double that runs jobs with the real worker code in this process; the
 * leader is stopped (as SIGTERM or `toil kill` would) while it deletes the finished root job.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BatchJobExitReason, createLogger, defineJob, WorkflowKilledError, type BatchJobSpec, type BatchSystem, type JobDef, type JobStore, type UpdatedBatchJobInfo } from '@toil/core';
import { Leader, runWorker, saveRootJob, type WorkerRuntime } from '@toil/core/internal';
import { MemoryJobStore, testConfig } from '@toil/testing';

const leaf = defineJob('shutdown.leaf', async () => 'leaf');
const root = defineJob('shutdown.root', async (ctx) => ctx.addChild(leaf).rv());

/** Runs each issued job at once with the real worker code, reporting FINISHED or FAILED by whether it committed. */
class InProcessBatchSystem implements Partial<BatchSystem> {
  readonly name = 'in-process';
  private readonly updates: UpdatedBatchJobInfo[] = [];
  private readonly issued = new Set<number>();
  private wake: (() => void) | undefined;
  private next = 1;

  constructor(private readonly runtime: WorkerRuntime) {}
  supportsAutoDeployment = () => true;
  supportsWorkerCleanup = () => true;
  checkResourceRequest = () => undefined;
  getSchedulingStatusMessage = () => undefined;
  setEnv = () => undefined;
  getIssuedBatchJobIds = () => [...this.issued];
  getRunningBatchJobIds = () => new Map<number, number>();
  killBatchJobs = async () => undefined;
  shutdown = async () => undefined;

  async issueBatchJob(spec: BatchJobSpec): Promise<number> {
    const id = this.next++;
    this.issued.add(id);
    void runWorker(this.runtime, spec.jobStoreId).then((result) => {
      this.updates.push({ batchJobId: id, exitStatus: result.ok ? 0 : 1, exitReason: result.ok ? BatchJobExitReason.FINISHED : BatchJobExitReason.FAILED });
      this.wake?.();
    });
    return id;
  }

  async getUpdatedBatchJob(maxWaitMs: number): Promise<UpdatedBatchJobInfo | undefined> {
    if (!this.updates.length) await new Promise<void>((resolve) => ((this.wake = resolve), setTimeout(resolve, maxWaitMs)));
    const update = this.updates.shift();
    if (update) this.issued.delete(update.batchJobId);
    return update;
  }
}

let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'leader-shutdown-'));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

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
  const batch = new InProcessBatchSystem({ store: inner, config, localWorkflowDir: workDir, echo: () => undefined });
  const leader = new Leader({ store, batch: batch as unknown as BatchSystem, config, rootId, log: createLogger('OFF'), workerCommand: [], env: {}, signal: stop.signal });

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
