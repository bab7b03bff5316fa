import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchJobExitReason, EXIT_STATUS_UNAVAILABLE, type BatchJobSpec } from '@toil/core/backend';
import { LocalFakeScheduler, shellJobSpec, waitFor } from '@toil/batch-grid/testing';
import { testConfig } from '@toil/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { HTCondorBatchSystem } from './htcondor.js';
import { FakeHTCondor, type FakeHTCondorOptions } from './test/fake-htcondor.js';

// Shell commands as workers: these tests are about what HTCondor says happened, through a fake that really runs jobs.
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
  delete process.env.TOIL_HTCONDOR_PARAMS;
});

function setup(options: FakeHTCondorOptions = {}) {
  const fake = new LocalFakeScheduler({ cores: 2 });
  const workDir = mkdtempSync(join(tmpdir(), 'htcondor-fake-test-'));
  const runner = new FakeHTCondor(fake, options);
  const bs = new HTCondorBatchSystem(
    {
      config: testConfig({ workDir, workflowId: 'wf', statePollingWait: 0.05 }),
      maxCores: 2,
      maxMemory: Infinity,
      maxDisk: Infinity,
      locator: 'memory:x',
      pluginPaths: {},
    },
    { runner, tuning: { killWaitMs: 5000 } },
  );
  cleanup.push(
    () => fake.shutdown(),
    () => bs.shutdown(),
  );
  const spec = (script: string): BatchJobSpec => shellJobSpec(script);
  return { fake, bs, spec, dir: join(workDir, 'toil-wf'), runner };
}

describe('HTCondor (fake-backed: local fake scheduler behind condor_submit/condor_q/condor_history/condor_rm)', () => {
  it('writes stdout, stderr and a job event log named with the cluster ID, and shows the output of a failed job', async () => {
    const { fake, bs, spec, dir } = setup();
    const id = await bs.issueBatchJob(spec('echo "it broke" >&2; exit 9'));
    const update = await bs.getUpdatedBatchJob(5000);
    const [job] = fake.list();
    expect(update).toMatchObject({ batchJobId: id, exitStatus: 9, exitReason: BatchJobExitReason.FAILED });
    expect(update?.output).toContain('it broke');
    const events = readFileSync(join(dir, `toil_job_${id}_batch_htcondor_${job.id}_job_events.log`), 'utf8');
    expect(events).toMatch(/^000 \(\d+\.000\.000\) .* Job submitted from host/m);
    expect(events).toContain('(1) Normal termination (return value 9)');
  });

  it('reports a job held over its memory request as MEMLIMIT, and removes the held job', async () => {
    const { fake, bs, spec, runner } = setup();
    const id = await bs.issueBatchJob(spec('sleep 30'));
    await waitFor(() => fake.list()[0]?.state === 'running');
    const [job] = fake.list();
    fake.kill(job.id, 'memory');
    const update = await bs.getUpdatedBatchJob(5000);
    expect(update).toMatchObject({
      batchJobId: id,
      exitStatus: EXIT_STATUS_UNAVAILABLE,
      exitReason: BatchJobExitReason.MEMLIMIT,
    });
    expect(update?.output).toContain('Consider resubmitting with a higher request_memory');
    await waitFor(() => runner['removed'].has(job.id));
    expect((await runner.run(['condor_q', job.id, '-json'])).stdout).toBe('');
  });

  it('reads ended jobs from their event logs when the schedd keeps no history', async () => {
    const { bs, spec } = setup({ history: false });
    const ok = await bs.issueBatchJob(spec('sleep 1.2'));
    const killed = await bs.issueBatchJob(spec('kill -SEGV $$'));
    const updates = new Map(
      [await bs.getUpdatedBatchJob(5000), await bs.getUpdatedBatchJob(5000)].map((u) => [u?.batchJobId, u]),
    );
    expect(updates.get(ok)).toMatchObject({ exitStatus: 0, exitReason: BatchJobExitReason.FINISHED });
    expect(updates.get(ok)?.wallTime).toBeGreaterThanOrEqual(1);
    expect(updates.get(killed)).toMatchObject({ exitStatus: 139, exitReason: BatchJobExitReason.FAILED });
  });

  it('fails a job condor_submit refuses: a requirements expression that does not parse', async () => {
    process.env.TOIL_HTCONDOR_PARAMS = 'requirements = (TARGET.Memory > 1024';
    const { fake, bs, spec } = setup();
    await bs.issueBatchJob(spec('true'));
    const update = await bs.getUpdatedBatchJob(2000);
    expect(update).toMatchObject({ exitReason: BatchJobExitReason.ERROR });
    expect(update?.output).toMatch(/HTCondor refused job \d+ \(shell\): ERROR: Parse error in expression:$/);
    expect(fake.list()).toEqual([]);
  });

  it('submits jobs with hold = true that wait, and kills them without their ever running', async () => {
    process.env.TOIL_HTCONDOR_PARAMS = 'hold = true';
    const { fake, bs, spec, dir } = setup();
    const id = await bs.issueBatchJob(spec('touch ran'));
    await waitFor(() => fake.list().length === 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(bs.getIssuedBatchJobIds()).toEqual([id]);
    expect(bs.getRunningBatchJobIds().size).toBe(0);
    await bs.killBatchJobs([id]);
    expect(fake.list()[0]).toMatchObject({ state: 'ended', killed: true });
    expect(existsSync(join(dir, 'ran'))).toBe(false);
  });
});
