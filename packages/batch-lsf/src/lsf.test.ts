import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ToilError } from '@toil/core';
import {
  BatchJobExitReason,
  EXIT_STATUS_UNAVAILABLE,
  type BatchJobSpec,
  type BatchSystemContext,
} from '@toil/core/backend';
import { ScriptedRunner } from '@toil/batch-grid/testing';
import { testConfig } from '@toil/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { plugin } from './index.js';
import { LsfBatchSystem } from './lsf.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
const opened: LsfBatchSystem[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((bs) => bs.shutdown()));
  delete process.env.TOIL_LSF_ARGS;
});

function context(config = {}): BatchSystemContext {
  const workDir = mkdtempSync(join(tmpdir(), 'lsf-test-'));
  return {
    config: testConfig({ workDir, workflowId: 'wf', statePollingWait: 0.05, ...config }),
    maxCores: 8,
    maxMemory: Infinity,
    maxDisk: Infinity,
    locator: 'memory:x',
    pluginPaths: {},
  };
}

function lsf(runner: ScriptedRunner, config = {}): LsfBatchSystem {
  const bs = new LsfBatchSystem(context(config), {
    runner,
    tuning: { retryInitialMs: 10, retryMaxMs: 20, vanishedGraceMs: 0, killWaitMs: 500 },
  });
  opened.push(bs);
  return bs;
}

const spec = (overrides: Partial<BatchJobSpec['requirements']> = {}): BatchJobSpec => ({
  jobStoreId: 'job-1',
  displayName: 'align reads',
  requirements: {
    cores: 1.5,
    memory: 2 * 1024 ** 3,
    disk: 2 ** 20,
    accelerators: [],
    preemptible: false,
    ...overrides,
  },
  workerCommand: ['node', '/opt/worker.js', 'file:/store', 'job-1'],
  env: {},
});

/** bjobs answering every query with one record for job 1234. */
const bjobsWith = (stat: string, extra: Record<string, string> = {}) => ({
  stdout: JSON.stringify({
    COMMAND: 'bjobs',
    JOBS: 1,
    RECORDS: [
      { JOBID: '1234', STAT: stat, EXIT_CODE: '', EXIT_REASON: '', RUN_TIME: '3 second(s)', PEND_REASON: '', ...extra },
    ],
  }),
});

describe('LSF submission (scripted bsub)', () => {
  it('builds the bsub command from the job: name, %J output files, cores, memory in MB, run limit, GPUs, TOIL_LSF_ARGS', async () => {
    process.env.TOIL_LSF_ARGS = `-q medium -P "my project"`;
    const runner = new ScriptedRunner()
      .on('bsub', { stdout: fixture('bsub.txt') })
      .on('bjobs', bjobsWith('RUN'))
      .on('bkill', {});
    const bs = lsf(runner, { maxJobDuration: 3601 });
    const id = await bs.issueBatchJob(
      spec({ accelerators: [{ kind: 'gpu', count: 2, brand: undefined, model: undefined, api: undefined } as never] }),
    );
    await bs.getUpdatedBatchJob(100);
    const [call] = runner.callsOf('bsub');
    const dir = join(bs['context'].config.workDir as string, 'toil-wf');
    expect(call.argv).toEqual([
      'bsub',
      '-J',
      `toil_job_${id}_align_reads`,
      '-o',
      join(dir, `toil_job_${id}_batch_lsf_%J_std_output.log`),
      '-e',
      join(dir, `toil_job_${id}_batch_lsf_%J_std_error.log`),
      '-n',
      '2',
      '-R',
      'select[mem>=2048MB] rusage[mem=2048MB] span[hosts=1]',
      '-M',
      '2048MB',
      '-W',
      '1:01',
      '-gpu',
      'num=2',
      '-q',
      'medium',
      '-P',
      'my project',
    ]);
    expect(call.input?.startsWith('#!/bin/sh\n')).toBe(true);
    expect(call.input).toMatch(/^exec node \/opt\/worker.js .*job-1$/m);
  });

  it('refuses TOIL_LSF_ARGS that set what Toil sets, or hold shell operators, in one line quoting the value', () => {
    process.env.TOIL_LSF_ARGS = '-q short -n 4';
    expect(() => lsf(new ScriptedRunner())).toThrow(/^Invalid TOIL_LSF_ARGS "-q short -n 4".*remove '-n'/);
    process.env.TOIL_LSF_ARGS = '-q short; rm -rf /';
    expect(() => lsf(new ScriptedRunner())).toThrow(/TOIL_LSF_ARGS.*shell operators/);
  });

  it("fails a job LSF refuses (bad resource requirement) at once, with LSF's words, without retrying", async () => {
    const runner = new ScriptedRunner().on('bsub', { exitCode: 255, stderr: fixture('bsub-bad-resource.txt') });
    const bs = lsf(runner);
    const id = await bs.issueBatchJob(spec());
    const update = await bs.getUpdatedBatchJob(2000);
    expect(update).toMatchObject({
      batchJobId: id,
      exitStatus: EXIT_STATUS_UNAVAILABLE,
      exitReason: BatchJobExitReason.ERROR,
    });
    expect(update?.output).toMatch(
      /LSF refused job \d+ \(align reads\): Bad resource requirement syntax\. Job not submitted\./,
    );
    expect(runner.callsOf('bsub')).toHaveLength(1);
  });

  it('fails a job sent to a queue that does not exist', async () => {
    const bs = lsf(new ScriptedRunner().on('bsub', { exitCode: 255, stderr: fixture('bsub-bad-queue.txt') }));
    await bs.issueBatchJob(spec());
    expect((await bs.getUpdatedBatchJob(2000))?.output).toContain('nosuchq: No such queue. Job not submitted.');
  });

  it('retries while LSF is down, then the job runs', async () => {
    const runner = new ScriptedRunner()
      .queue('bsub', { exitCode: 255, stderr: fixture('bsub-down.txt') })
      .on('bsub', { stdout: fixture('bsub.txt') })
      .on('bjobs', bjobsWith('DONE'));
    const bs = lsf(runner);
    const id = await bs.issueBatchJob(spec());
    expect(await bs.getUpdatedBatchJob(2000)).toMatchObject({
      batchJobId: id,
      exitStatus: 0,
      exitReason: BatchJobExitReason.FINISHED,
      wallTime: 3,
    });
    expect(runner.callsOf('bsub')).toHaveLength(2);
  });

  it('fails a job whose bsub output has no job ID, quoting the output', async () => {
    const bs = lsf(new ScriptedRunner().on('bsub', { stdout: 'Job submission accepted.\n' }));
    await bs.issueBatchJob(spec());
    const update = await bs.getUpdatedBatchJob(2000);
    expect(update?.exitReason).toBe(BatchJobExitReason.ERROR);
    expect(update?.output).toContain('"Job submission accepted."');
  });
});

describe('LSF job states (scripted bjobs)', () => {
  it("asks bjobs for the job by ID in JSON and reports TERM_MEMLIMIT as MEMLIMIT with LSF's reason", async () => {
    const runner = new ScriptedRunner().on('bsub', { stdout: fixture('bsub.txt') }).on(
      'bjobs',
      bjobsWith('EXIT', {
        EXIT_CODE: '130',
        EXIT_REASON: 'TERM_MEMLIMIT: job killed after reaching LSF memory usage limit',
      }),
    );
    const bs = lsf(runner);
    const id = await bs.issueBatchJob(spec());
    const update = await bs.getUpdatedBatchJob(2000);
    expect(update).toMatchObject({
      batchJobId: id,
      exitStatus: 130,
      exitReason: BatchJobExitReason.MEMLIMIT,
      wallTime: 3,
    });
    expect(update?.output).toContain('LSF job 1234: TERM_MEMLIMIT');
    expect(runner.callsOf('bjobs')[0].argv).toEqual([
      'bjobs',
      '-a',
      '-o',
      'jobid stat exit_code exit_reason run_time pend_reason',
      '-json',
      '1234',
    ]);
  });

  it('keeps polling through bjobs failures and garbage, and reports the job once bjobs answers', async () => {
    const runner = new ScriptedRunner()
      .on('bsub', { stdout: fixture('bsub.txt') })
      .queue('bjobs', { exitCode: 255, stderr: 'LSF is down. Please wait ...' }, { stdout: 'not json at all' })
      .on('bjobs', bjobsWith('EXIT', { EXIT_CODE: '3' }));
    const bs = lsf(runner);
    await bs.issueBatchJob(spec());
    expect(await bs.getUpdatedBatchJob(3000)).toMatchObject({ exitStatus: 3, exitReason: BatchJobExitReason.FAILED });
    expect(runner.callsOf('bjobs').length).toBeGreaterThanOrEqual(3);
  });

  it('reports a job bjobs no longer knows as LOST after a few polls', async () => {
    const runner = new ScriptedRunner()
      .on('bsub', { stdout: fixture('bsub.txt') })
      .on('bjobs', { exitCode: 255, stdout: fixture('bjobs-none-found.json').replaceAll('4001', '1234') });
    const bs = lsf(runner);
    await bs.issueBatchJob(spec());
    const update = await bs.getUpdatedBatchJob(3000);
    expect(update).toMatchObject({ exitReason: BatchJobExitReason.LOST });
    expect(update?.output).toContain('LSF job 1234 disappeared');
  });

  it('kills with bkill', async () => {
    const runner = new ScriptedRunner()
      .on('bsub', { stdout: fixture('bsub.txt') })
      .on('bjobs', bjobsWith('RUN'))
      .on('bkill', { stdout: fixture('bkill.txt') });
    const bs = lsf(runner);
    const id = await bs.issueBatchJob(spec());
    while (!runner.callsOf('bjobs').length) await new Promise((resolve) => setTimeout(resolve, 10));
    runner.on('bjobs', bjobsWith('EXIT', { EXIT_REASON: 'TERM_OWNER: job killed by owner' }));
    await bs.killBatchJobs([id]);
    expect(runner.callsOf('bkill').map((c) => c.argv)).toEqual([['bkill', '1234']]);
    expect(await bs.getUpdatedBatchJob(200)).toBeUndefined();
  });
});

describe('LSF commands missing', () => {
  it('refuses at start-up, in one line, when bsub/bjobs/bkill are not on PATH (also through the plugin)', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(lsf(new ScriptedRunner()).verifyCommands()).rejects.toThrow(
        /^--batchSystem lsf needs LSF's commands, but 'bsub', 'bjobs', 'bkill' are not on PATH\./,
      );
      const { create } = await plugin.load();
      const error = await Promise.resolve(create(context())).catch((e: unknown) => e);
      expect(ToilError.is(error) && error.code).toBe('SCHEDULER');
    } finally {
      process.env.PATH = path;
    }
  });

  it('fails the job with a one-line SchedulerError when bsub cannot be started', async () => {
    const bs = lsf(new ScriptedRunner());
    await bs.issueBatchJob(spec());
    const update = await bs.getUpdatedBatchJob(2000);
    expect(update?.exitReason).toBe(BatchJobExitReason.ERROR);
    expect(update?.output).toMatch(
      /^The command 'bsub' was not found on PATH\. Install the LSF client commands, or choose another --batchSystem\.$/,
    );
  });
});
