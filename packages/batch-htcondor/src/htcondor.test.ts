import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
import { HTCondorBatchSystem } from './htcondor.js';
import { plugin } from './index.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
const opened: HTCondorBatchSystem[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((bs) => bs.shutdown()));
  delete process.env.TOIL_HTCONDOR_PARAMS;
});

function context(workDir = mkdtempSync(join(tmpdir(), 'htcondor-test-'))): BatchSystemContext {
  return {
    config: testConfig({ workDir, workflowId: 'wf', statePollingWait: 0.05 }),
    maxCores: 8,
    maxMemory: Infinity,
    maxDisk: Infinity,
    locator: 'memory:x',
    pluginPaths: {},
  };
}

function condor(runner: ScriptedRunner): { bs: HTCondorBatchSystem; dir: string } {
  const ctx = context();
  const bs = new HTCondorBatchSystem(ctx, {
    runner,
    tuning: { retryInitialMs: 10, retryMaxMs: 20, vanishedGraceMs: 0, killWaitMs: 300 },
  });
  opened.push(bs);
  return { bs, dir: join(ctx.config.workDir as string, 'toil-wf') };
}

const spec: BatchJobSpec = {
  jobStoreId: 'job-1',
  displayName: 'align',
  requirements: { cores: 2, memory: 1024 * 2 ** 20, disk: 3 * 2 ** 20, accelerators: [], preemptible: false },
  workerCommand: ['node', '/opt/worker.js', 'file:/store', 'job-1'],
  env: {},
};

/** condor_q answering with one ad for cluster 42. */
const queueWith = (ad: Record<string, unknown>) => ({ stdout: JSON.stringify([{ ClusterId: 42, ProcId: 0, ...ad }]) });

describe('HTCondor submission (scripted condor_submit)', () => {
  it('writes the worker script as the executable and sends the submit description on stdin, with TOIL_HTCONDOR_PARAMS', async () => {
    process.env.TOIL_HTCONDOR_PARAMS = 'requirements = TARGET.has_sse4_2 == true; accounting_group = test';
    const runner = new ScriptedRunner()
      .on('condor_submit', { stdout: fixture('condor_submit.txt') })
      .on('condor_q', queueWith({ JobStatus: 2 }))
      .on('condor_rm', {});
    const { bs, dir } = condor(runner);
    const id = await bs.issueBatchJob(spec);
    await bs.getUpdatedBatchJob(100);
    const [call] = runner.callsOf('condor_submit');
    expect(call.argv).toEqual(['condor_submit', '-']);
    const executable = join(dir, 'htcondor', `toil_job_${id}.sh`);
    expect(call.input).toContain(`executable = ${executable}\n`);
    expect(call.input).toContain(`log = ${join(dir, `toil_job_${id}_batch_htcondor_$(Cluster)_job_events.log`)}\n`);
    expect(call.input).toContain(`output = ${join(dir, `toil_job_${id}_batch_htcondor_$(Cluster)_std_output.log`)}\n`);
    expect(call.input).toMatch(
      /request_cpus = 2\nrequest_memory = 1024\nrequest_disk = 3072\nrequirements = TARGET.has_sse4_2 == true\naccounting_group = test\nqueue 1\n$/,
    );
    expect(readFileSync(executable, 'utf8')).toMatch(/^#!\/bin\/sh\n[\s\S]*^exec node \/opt\/worker.js .*job-1$/m);
  });

  it('refuses malformed TOIL_HTCONDOR_PARAMS at construction, quoting the value', () => {
    process.env.TOIL_HTCONDOR_PARAMS = 'request_cpus = 8';
    expect(() => condor(new ScriptedRunner())).toThrow(
      /^Invalid TOIL_HTCONDOR_PARAMS "request_cpus = 8".*remove 'request_cpus'/,
    );
  });

  it('fails a job condor_submit refuses (a parse error in the description) at once, with its words', async () => {
    // condor_submit says "Submitting job(s)" on stdout and why it stopped on stderr.
    const runner = new ScriptedRunner().on('condor_submit', {
      exitCode: 1,
      stdout: 'Submitting job(s)\n',
      stderr: fixture('condor_submit-parse-error.txt'),
    });
    const { bs } = condor(runner);
    await bs.issueBatchJob(spec);
    const update = await bs.getUpdatedBatchJob(2000);
    expect(update).toMatchObject({ exitStatus: EXIT_STATUS_UNAVAILABLE, exitReason: BatchJobExitReason.ERROR });
    expect(update?.output).toMatch(/HTCondor refused job \d+ \(align\): ERROR: Parse error in expression:$/);
    expect(runner.callsOf('condor_submit')).toHaveLength(1);
  });

  it('retries while the schedd cannot be reached', async () => {
    const runner = new ScriptedRunner()
      .queue('condor_submit', { exitCode: 1, stderr: fixture('condor_submit-no-schedd.txt') })
      .on('condor_submit', { stdout: fixture('condor_submit.txt') })
      .on('condor_q', queueWith({ JobStatus: 4, ExitCode: 0, JobCurrentStartDate: 100, CompletionDate: 104 }));
    const { bs } = condor(runner);
    await bs.issueBatchJob(spec);
    expect(await bs.getUpdatedBatchJob(2000)).toMatchObject({
      exitStatus: 0,
      exitReason: BatchJobExitReason.FINISHED,
      wallTime: 4,
    });
    expect(runner.callsOf('condor_submit')).toHaveLength(2);
  });

  it('fails a job whose condor_submit output names no cluster, quoting it', async () => {
    const { bs } = condor(new ScriptedRunner().on('condor_submit', { stdout: 'Submitting job(s).\n' }));
    await bs.issueBatchJob(spec);
    expect((await bs.getUpdatedBatchJob(2000))?.output).toContain('"Submitting job(s)."');
  });
});

describe('HTCondor job states (scripted condor_q, condor_history, event logs)', () => {
  it('reports a job held over its memory request as MEMLIMIT and removes it from the queue', async () => {
    const held = {
      JobStatus: 5,
      HoldReasonCode: 34,
      HoldReasonSubCode: 102,
      HoldReason: 'Job has gone over cgroup memory limit of 1024 megabytes.',
    };
    const runner = new ScriptedRunner()
      .on('condor_submit', { stdout: fixture('condor_submit.txt') })
      .on('condor_q', queueWith(held))
      .on('condor_rm', {});
    const { bs } = condor(runner);
    await bs.issueBatchJob(spec);
    const update = await bs.getUpdatedBatchJob(2000);
    expect(update).toMatchObject({ exitReason: BatchJobExitReason.MEMLIMIT });
    expect(update?.output).toContain('HTCondor job 42: held (HoldReasonCode 34)');
    expect(runner.callsOf('condor_rm')[0].argv).toEqual([
      'condor_rm',
      '-reason',
      'Toil reported the held job as failed',
      '42',
    ]);
    expect(runner.callsOf('condor_q')[0].argv.slice(0, 3)).toEqual(['condor_q', '42', '-json']);
  });

  it('asks condor_history for jobs that left the queue', async () => {
    const runner = new ScriptedRunner()
      .on('condor_submit', { stdout: fixture('condor_submit.txt') })
      .on('condor_q', { stdout: '' })
      .on('condor_history', {
        stdout: JSON.stringify([{ ClusterId: 42, JobStatus: 4, ExitBySignal: true, ExitSignal: 6 }]),
      });
    const { bs } = condor(runner);
    await bs.issueBatchJob(spec);
    expect(await bs.getUpdatedBatchJob(2000)).toMatchObject({ exitStatus: 134, exitReason: BatchJobExitReason.FAILED });
    expect(runner.callsOf('condor_history')[0].argv.slice(0, 5)).toEqual([
      'condor_history',
      '-constraint',
      'ClusterId == 42',
      '-match',
      '1',
    ]);
  });

  it('reads the job event log when the schedd keeps no history', async () => {
    const runner = new ScriptedRunner()
      .on('condor_submit', { stdout: fixture('condor_submit.txt') })
      .on('condor_q', { stdout: '' })
      .on('condor_history', { exitCode: 1, stderr: 'Error: No history file is defined in config file\n' });
    const { bs, dir } = condor(runner);
    const id = await bs.issueBatchJob(spec);
    while (!runner.callsOf('condor_submit').length) await new Promise((resolve) => setTimeout(resolve, 5));
    writeFileSync(
      join(dir, `toil_job_${id}_batch_htcondor_42_job_events.log`),
      fixture('job_events.log').replaceAll('(120.', '(042.'),
    );
    expect(await bs.getUpdatedBatchJob(2000)).toMatchObject({
      exitStatus: 4,
      exitReason: BatchJobExitReason.FAILED,
      wallTime: 12,
    });
  });

  it('keeps polling through condor_q failures and garbage', async () => {
    const runner = new ScriptedRunner()
      .on('condor_submit', { stdout: fixture('condor_submit.txt') })
      .queue(
        'condor_q',
        { exitCode: 1, stderr: '-- Failed to fetch ads from: <10.0.0.1:9618> : submit.example.org\n' },
        { stdout: 'not json' },
      )
      .on('condor_q', queueWith({ JobStatus: 3, RemoveReason: 'via condor_rm (by user alice)' }));
    const { bs } = condor(runner);
    await bs.issueBatchJob(spec);
    expect(await bs.getUpdatedBatchJob(3000)).toMatchObject({
      exitReason: BatchJobExitReason.KILLED,
      output: expect.stringContaining('removed: via condor_rm'),
    });
  });
});

describe('HTCondor commands missing', () => {
  it('refuses at start-up, in one line, when the condor commands are not on PATH (also through the plugin)', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(condor(new ScriptedRunner()).bs.verifyCommands()).rejects.toThrow(
        /^--batchSystem htcondor needs HTCondor's commands, but 'condor_submit', 'condor_q', 'condor_history', 'condor_rm' are not on PATH\./,
      );
      const { create } = await plugin.load();
      const error = await Promise.resolve(create(context())).catch((e: unknown) => e);
      expect(ToilError.is(error) && error.code).toBe('SCHEDULER');
    } finally {
      process.env.PATH = path;
    }
  });
});
