import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchJobExitReason, type BatchJobSpec } from '@toil/core/backend';
import { LocalFakeScheduler, shellJobSpec, waitFor } from '@toil/batch-grid/testing';
import { testConfig } from '@toil/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { ParasolBatchSystem } from './parasol.js';
import { FakeParasol, type FakeParasolOptions } from './test/fake-parasol.js';

// Shell commands as workers: these tests are about what Parasol says happened, through a fake that really runs jobs.
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function setup(options: FakeParasolOptions = {}, extra: Record<string, unknown> = {}) {
  const fake = new LocalFakeScheduler({ cores: 2 });
  const workDir = mkdtempSync(join(tmpdir(), 'parasol-fake-test-'));
  const bs = new ParasolBatchSystem(
    {
      config: { ...testConfig({ workDir, workflowId: 'wf', statePollingWait: 0.05 }), extra },
      maxCores: 2,
      maxMemory: Infinity,
      maxDisk: Infinity,
      locator: 'memory:x',
      pluginPaths: {},
    },
    { runner: new FakeParasol(fake, options), tuning: { killWaitMs: 5000 } },
  );
  cleanup.push(
    () => fake.shutdown(),
    () => bs.shutdown(),
  );
  const spec = (script: string, cores = 1): BatchJobSpec => shellJobSpec(script, { cores });
  return { fake, bs, spec };
}

describe('Parasol (fake-backed: local fake scheduler behind the parasol client)', () => {
  it('reads exit codes, signals and run times from the results files of two batches', async () => {
    const { fake, bs, spec } = setup();
    const ok = await bs.issueBatchJob(spec('sleep 1.1', 2));
    const bad = await bs.issueBatchJob(spec('exit 6'));
    const killed = await bs.issueBatchJob(spec('kill -KILL $$'));
    const updates = new Map<number | undefined, unknown>();
    for (let i = 0; i < 3; i++) {
      const update = await bs.getUpdatedBatchJob(5000);
      updates.set(update?.batchJobId, update);
    }
    expect(updates.get(ok)).toMatchObject({
      exitStatus: 0,
      exitReason: BatchJobExitReason.FINISHED,
      wallTime: expect.any(Number),
    });
    expect(updates.get(bad)).toMatchObject({ exitStatus: 6, exitReason: BatchJobExitReason.FAILED, output: undefined });
    // The node's sh reports its child's SIGKILL as exit status 137; Parasol captures no output.
    expect(updates.get(killed)).toMatchObject({
      exitStatus: 137,
      exitReason: BatchJobExitReason.FAILED,
      output: undefined,
    });
    expect(fake.list().map((job) => job.cores)).toEqual([2, 1, 1]);
  });

  it('answers to the program --parasolCommand names', async () => {
    const { bs, spec } = setup({ command: 'my-parasol' }, { parasolCommand: 'my-parasol' });
    await bs.issueBatchJob(spec('true'));
    expect(await bs.getUpdatedBatchJob(5000)).toMatchObject({ exitStatus: 0, exitReason: BatchJobExitReason.FINISHED });
  });

  it('fails jobs of a batch the hub calls sick', async () => {
    const { fake, bs, spec } = setup({ sickBatch: true });
    await bs.issueBatchJob(spec('true'));
    expect(await bs.getUpdatedBatchJob(2000)).toMatchObject({
      exitReason: BatchJobExitReason.ERROR,
      output: expect.stringContaining('sick batch?'),
    });
    expect(fake.list()).toEqual([]);
  });

  it('removes each killed job from the hub: running and queued, none reported', async () => {
    const { fake, bs, spec } = setup();
    const running = await bs.issueBatchJob(spec('sleep 30', 2));
    const queued = await bs.issueBatchJob(spec('sleep 30'));
    await waitFor(() => fake.list().length === 2 && fake.list()[0].state === 'running');
    await bs.killBatchJobs([running, queued]);
    expect(fake.list().map((job) => [job.state, job.killed])).toEqual([
      ['ended', true],
      ['ended', true],
    ]);
    expect(await bs.getUpdatedBatchJob(300)).toBeUndefined();
  });
});
