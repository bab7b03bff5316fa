import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchJobExitReason, EXIT_STATUS_UNAVAILABLE, type BatchJobSpec } from '@toil/core/backend';
import { LocalFakeScheduler, shellJobSpec, waitFor } from '@toil/batch-grid/testing';
import { testConfig } from '@toil/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { TorqueBatchSystem } from './torque.js';
import { FakeTorque, type FakeTorqueOptions } from './test/fake-torque.js';

// Shell commands as workers: these tests are about what Torque says happened, through a fake that really runs jobs.
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
  delete process.env.TOIL_TORQUE_ARGS;
  delete process.env.TOIL_TORQUE_REQS;
});

function setup(options: FakeTorqueOptions = {}) {
  const fake = new LocalFakeScheduler({ cores: 2 });
  const workDir = mkdtempSync(join(tmpdir(), 'torque-fake-test-'));
  const bs = new TorqueBatchSystem(
    {
      config: testConfig({ workDir, workflowId: 'wf', statePollingWait: 0.05 }),
      maxCores: 2,
      maxMemory: Infinity,
      maxDisk: Infinity,
      locator: 'memory:x',
      pluginPaths: {},
    },
    { runner: new FakeTorque(fake, options), tuning: { killWaitMs: 5000 } },
  );
  cleanup.push(
    () => fake.shutdown(),
    () => bs.shutdown(),
  );
  const spec = (script: string, cores = 1): BatchJobSpec => shellJobSpec(script, { cores });
  return { fake, bs, spec, workDir };
}

describe('Torque (fake-backed: local fake scheduler behind qsub/qstat/qdel/tracejob)', () => {
  it('writes output to files named with the full Torque job ID and shows them for a failed job', async () => {
    const { fake, bs, spec, workDir } = setup();
    const id = await bs.issueBatchJob(spec('echo "to stdout"; echo "it broke" >&2; exit 5', 2));
    const update = await bs.getUpdatedBatchJob(5000);
    const [job] = fake.list();
    expect(job.cores).toBe(2);
    expect(update).toMatchObject({ batchJobId: id, exitStatus: 5, exitReason: BatchJobExitReason.FAILED });
    const errFile = join(
      workDir,
      'toil-wf',
      `toil_job_${id}_batch_torque_${job.id}.fakeserver.example.org_std_error.log`,
    );
    expect(readFileSync(errFile, 'utf8')).toBe('it broke\n');
    expect(update?.output).toContain('it broke');
    expect(update?.output).toContain('to stdout');
  });

  it('reads ends from tracejob when the server does not keep completed jobs', async () => {
    const { bs, spec } = setup({ keepCompleted: false });
    const ok = await bs.issueBatchJob(spec('sleep 1.1'));
    const bad = await bs.issueBatchJob(spec('exit 7'));
    const updates = new Map(
      [await bs.getUpdatedBatchJob(5000), await bs.getUpdatedBatchJob(5000)].map((u) => [u?.batchJobId, u]),
    );
    expect(updates.get(ok)).toMatchObject({ exitStatus: 0, exitReason: BatchJobExitReason.FINISHED, wallTime: 1 });
    expect(updates.get(bad)).toMatchObject({ exitStatus: 7, exitReason: BatchJobExitReason.FAILED });
  });

  it('reports a job pbs_mom killed at its memory limit (exit_status -10) as MEMLIMIT', async () => {
    const { fake, bs, spec } = setup();
    const id = await bs.issueBatchJob(spec('sleep 30'));
    await waitFor(() => fake.list()[0]?.state === 'running');
    fake.kill(fake.list()[0].id, 'memory');
    expect(await bs.getUpdatedBatchJob(5000)).toMatchObject({
      batchJobId: id,
      exitStatus: EXIT_STATUS_UNAVAILABLE,
      exitReason: BatchJobExitReason.MEMLIMIT,
    });
  });

  it('fails jobs the server refuses: an unknown queue, an unknown resource from TOIL_TORQUE_REQS', async () => {
    process.env.TOIL_TORQUE_ARGS = '-q nosuchq';
    const first = setup();
    await first.bs.issueBatchJob(first.spec('true'));
    expect((await first.bs.getUpdatedBatchJob(2000))?.output).toContain('qsub: Unknown queue MSG=cannot locate queue');
    delete process.env.TOIL_TORQUE_ARGS;
    process.env.TOIL_TORQUE_REQS = 'licences=2';
    const second = setup();
    await second.bs.issueBatchJob(second.spec('true'));
    expect(await second.bs.getUpdatedBatchJob(2000)).toMatchObject({
      exitReason: BatchJobExitReason.ERROR,
      output: expect.stringContaining('Unknown resource type  Resource_List.licences'),
    });
    expect(second.fake.list()).toEqual([]);
  });
});
