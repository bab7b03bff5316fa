/**
 * `--enableUnlimitedPreemptibleRetries`: an attempt the batch system reports LOST (its node was preempted or
 * vanished) does not cost the job a try; any other failure still does. A leader runs against an in-memory job
 * store and a batch system double that loses the first attempts of a job and then runs it with the real worker
 * code in this process.
 */
import { describe, expect, it } from 'vitest';
import { defineJob, FailedJobsError, type JobDef, type WorkflowConfig } from '@toil/core';
import { BatchJobExitReason, createLogger } from '@toil/core/backend';
import { Leader, readRootValue, saveRootJob } from '@toil/core/internal';
import { MemoryJobStore, testConfig } from '@toil/testing';
import { InProcessBatchSystem, workDirForFile } from './helpers/in-process-batch.js';

const answer = defineJob('lostretries.answer', { preemptible: true }, async () => 42);
const broken = defineJob('lostretries.broken', { preemptible: true }, async () => {
  throw new Error('this job always fails');
});

const workDir = workDirForFile('lost-retries-');

/** Run `def` as a workflow whose batch system loses its first `lose` attempts; returns what happened. */
async function run(def: JobDef, lose: number, overrides: Partial<WorkflowConfig>) {
  // Two tries per job (Toil's default --retryCount 1).
  const config = testConfig({ retryCount: 1, jobStore: 'memory:lost', ...overrides });
  const store = new MemoryJobStore();
  await store.initialize(config);
  const rootId = await saveRootJob(store, config, def, []);
  const warnings: string[] = [];
  const log = { ...createLogger('OFF'), warn: (message: string) => void warnings.push(message) };
  // The first `lose` attempts are reported LOST without running (the node went away); later ones run the job.
  const batch = new InProcessBatchSystem(
    { store, config, localWorkflowDir: workDir(), echo: () => undefined },
    {
      replaceAttempt: (attempt) =>
        attempt <= lose
          ? { exitStatus: 255, exitReason: BatchJobExitReason.LOST, output: 'node preempted\n' }
          : undefined,
    },
  );
  const outcome = await new Leader({
    store,
    batch: batch.asBatchSystem(),
    config,
    rootId,
    log,
    workerCommand: [],
    env: {},
  })
    .run()
    .then(
      async () => ({ value: (await readRootValue(store)) as unknown }),
      (error: unknown) => ({ error }),
    );
  await store.destroy();
  return { outcome, attempts: batch.attempts, warnings };
}

describe('--enableUnlimitedPreemptibleRetries', () => {
  it('without it, lost attempts use up the tries: a job lost three times fails', async () => {
    const { outcome, attempts } = await run(answer as JobDef, 3, { enableUnlimitedPreemptibleRetries: false });
    expect(outcome).toEqual({ error: expect.any(FailedJobsError) });
    expect(attempts).toBe(2);
  });

  it('with it, lost attempts cost no try: a job lost three times runs a fourth time and succeeds', async () => {
    const { outcome, attempts, warnings } = await run(answer as JobDef, 3, { enableUnlimitedPreemptibleRetries: true });
    expect(outcome).toEqual({ value: 42 });
    expect(attempts).toBe(4);
    const lost = warnings.filter((w) => /was lost by the batch system/.test(w));
    expect(lost).toHaveLength(3);
    expect(lost[0]).toMatch(
      /^Job '.+' \S+ was lost by the batch system \(node preempted or gone\); not counted as a try \(--enableUnlimitedPreemptibleRetries\), 2 tries left\. Its log:$/,
    );
  });

  it('with it, a job that fails by itself still uses up its tries (only LOST is waived)', async () => {
    const { outcome, attempts, warnings } = await run(broken as JobDef, 1, { enableUnlimitedPreemptibleRetries: true });
    expect(outcome).toEqual({ error: expect.any(FailedJobsError) });
    // One lost attempt (free), then the two tries of --retryCount 1, both failing in the job.
    expect(attempts).toBe(3);
    expect(warnings.filter((w) => /failed; (1 try|no tries) left/.test(w))).toHaveLength(2);
  });
});
