import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchJobExitReason, EXIT_STATUS_UNAVAILABLE, type BatchJobSpec } from '@toil/core/backend';
import { LocalFakeScheduler, shellJobSpec, waitFor } from '@toil/batch-grid/testing';
import { testConfig } from '@toil/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { LsfBatchSystem } from './lsf.js';
import { FakeLsf } from './test/fake-lsf.js';

// Shell commands as workers: these tests are about what LSF says happened, through a fake that really runs jobs.
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
  delete process.env.TOIL_LSF_ARGS;
});

function setup() {
  const fake = new LocalFakeScheduler({ cores: 2 });
  const workDir = mkdtempSync(join(tmpdir(), 'lsf-fake-test-'));
  const bs = new LsfBatchSystem(
    {
      config: testConfig({ workDir, workflowId: 'wf', statePollingWait: 0.05 }),
      maxCores: 2,
      maxMemory: Infinity,
      maxDisk: Infinity,
      locator: 'memory:x',
      pluginPaths: {},
    },
    { runner: new FakeLsf(fake), tuning: { killWaitMs: 5000 } },
  );
  cleanup.push(
    () => fake.shutdown(),
    () => bs.shutdown(),
  );
  const spec = (script: string): BatchJobSpec => shellJobSpec(script);
  return { fake, bs, spec };
}

describe('LSF (fake-backed: local fake scheduler behind bsub/bjobs/bkill)', () => {
  it("reports a job LSF kills at its memory limit as MEMLIMIT, with TERM_MEMLIMIT and the job's own output", async () => {
    const { fake, bs, spec } = setup();
    const id = await bs.issueBatchJob(spec('echo allocating a lot >&2; sleep 30'));
    await waitFor(() => fake.list().some((job) => job.state === 'running'));
    const [job] = fake.list();
    await new Promise((resolve) => setTimeout(resolve, 200));
    fake.kill(job.id, 'TERM_MEMLIMIT');
    const update = await bs.getUpdatedBatchJob(5000);
    expect(update).toMatchObject({ batchJobId: id, exitStatus: 137, exitReason: BatchJobExitReason.MEMLIMIT });
    expect(update?.output).toContain(
      `LSF job ${job.id}: TERM_MEMLIMIT: job killed after reaching LSF memory usage limit`,
    );
    expect(update?.output).toContain(`_batch_lsf_${job.id}_std_error.log <==\nallocating a lot`);
    expect(job.cores).toBe(1);
  });

  it('reports exit codes and run times of jobs that really ran', async () => {
    const { bs, spec } = setup();
    const ok = await bs.issueBatchJob(spec('sleep 1.1'));
    const bad = await bs.issueBatchJob(spec('exit 4'));
    const updates = new Map(
      [await bs.getUpdatedBatchJob(5000), await bs.getUpdatedBatchJob(5000)].map((u) => [u?.batchJobId, u]),
    );
    expect(updates.get(ok)).toMatchObject({ exitStatus: 0, exitReason: BatchJobExitReason.FINISHED });
    expect(updates.get(ok)?.wallTime).toBeGreaterThanOrEqual(1);
    expect(updates.get(bad)).toMatchObject({ exitStatus: 4, exitReason: BatchJobExitReason.FAILED });
  });

  it('fails jobs LSF refuses: a queue that does not exist, a malformed -R from TOIL_LSF_ARGS', async () => {
    process.env.TOIL_LSF_ARGS = '-q nosuchq';
    const first = setup();
    await first.bs.issueBatchJob(first.spec('true'));
    expect(await first.bs.getUpdatedBatchJob(2000)).toMatchObject({
      exitStatus: EXIT_STATUS_UNAVAILABLE,
      exitReason: BatchJobExitReason.ERROR,
      output: expect.stringContaining('nosuchq: No such queue. Job not submitted.'),
    });
    process.env.TOIL_LSF_ARGS = '-R "select[type==X86_64"';
    const second = setup();
    await second.bs.issueBatchJob(second.spec('true'));
    expect((await second.bs.getUpdatedBatchJob(2000))?.output).toContain(
      'Bad resource requirement syntax. Job not submitted.',
    );
    expect(second.fake.list()).toEqual([]);
  });
});
