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
import { TRACEJOB_PER_POLL } from './forgotten-jobs.js';
import { TorqueBatchSystem } from './torque.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
const opened: TorqueBatchSystem[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((bs) => bs.shutdown()));
  delete process.env.TOIL_TORQUE_ARGS;
  delete process.env.TOIL_TORQUE_REQS;
});

function context(config = {}): BatchSystemContext {
  const workDir = mkdtempSync(join(tmpdir(), 'torque-test-'));
  return {
    config: testConfig({ workDir, workflowId: 'wf', statePollingWait: 0.05, ...config }),
    maxCores: 8,
    maxMemory: Infinity,
    maxDisk: Infinity,
    locator: 'memory:x',
    pluginPaths: {},
  };
}

function torque(runner: ScriptedRunner, config = {}): TorqueBatchSystem {
  const bs = new TorqueBatchSystem(context(config), {
    runner,
    tuning: { retryInitialMs: 10, retryMaxMs: 20, vanishedGraceMs: 0, killWaitMs: 300 },
  });
  opened.push(bs);
  return bs;
}

const spec: BatchJobSpec = {
  jobStoreId: 'job-1',
  displayName: 'align',
  requirements: { cores: 3, memory: 1536 * 2 ** 20, disk: 2 ** 20, accelerators: [], preemptible: false },
  workerCommand: ['node', '/opt/worker.js', 'file:/store', 'job-1'],
  env: {},
};

/** One `qstat -f -1` block for job 5101 with these attributes. */
const qstatWith = (attributes: string) => ({
  stdout: `Job Id: 5101.torque.example.org\n    job_state = ${attributes}\n\n`,
});

describe('Torque submission (scripted qsub)', () => {
  it('builds the qsub command: name, $PBS_JOBID output files, /bin/sh, nodes/ppn, mem, walltime, TOIL_TORQUE_REQS, TOIL_TORQUE_ARGS', async () => {
    process.env.TOIL_TORQUE_ARGS = '-q fatq -A "lab account"';
    process.env.TOIL_TORQUE_REQS = 'file=50gb, gres=matlab';
    const runner = new ScriptedRunner()
      .on('qsub', { stdout: fixture('qsub.txt') })
      .on('qstat', qstatWith('R'))
      .on('qdel', {});
    const bs = torque(runner, { maxJobDuration: 7200 });
    const id = await bs.issueBatchJob(spec);
    await bs.getUpdatedBatchJob(100);
    const dir = join(bs['context'].config.workDir as string, 'toil-wf');
    expect(runner.callsOf('qsub')[0].argv).toEqual([
      'qsub',
      '-N',
      `toil_job_${id}_align`,
      '-o',
      join(dir, `toil_job_${id}_batch_torque_$PBS_JOBID_std_output.log`),
      '-e',
      join(dir, `toil_job_${id}_batch_torque_$PBS_JOBID_std_error.log`),
      '-S',
      '/bin/sh',
      '-l',
      'nodes=1:ppn=3',
      '-l',
      'mem=1536mb',
      '-l',
      'walltime=02:00:00',
      '-l',
      'file=50gb',
      '-l',
      'gres=matlab',
      '-q',
      'fatq',
      '-A',
      'lab account',
    ]);
    expect(runner.callsOf('qsub')[0].input).toMatch(/^exec node \/opt\/worker.js .*job-1$/m);
  });

  it('lets a walltime in TOIL_TORQUE_REQS win over --maxJobDuration', async () => {
    process.env.TOIL_TORQUE_REQS = 'walltime=1:00:00';
    const runner = new ScriptedRunner()
      .on('qsub', { stdout: fixture('qsub.txt') })
      .on('qstat', qstatWith('R'))
      .on('qdel', {});
    await torque(runner, { maxJobDuration: 60 }).issueBatchJob(spec);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(runner.callsOf('qsub')[0].argv.filter((a) => a.startsWith('walltime='))).toEqual(['walltime=1:00:00']);
  });

  it('refuses TOIL_TORQUE_ARGS with -l or options Toil sets, and TOIL_TORQUE_REQS with cores or memory, quoting the value', () => {
    process.env.TOIL_TORQUE_ARGS = '-q fatq -l walltime=1:00:00';
    expect(() => torque(new ScriptedRunner())).toThrow(
      /^Invalid TOIL_TORQUE_ARGS "-q fatq -l walltime=1:00:00".*TOIL_TORQUE_REQS="walltime=1:00:00"/,
    );
    process.env.TOIL_TORQUE_ARGS = '-N myname';
    expect(() => torque(new ScriptedRunner())).toThrow(/remove '-N'/);
    delete process.env.TOIL_TORQUE_ARGS;
    process.env.TOIL_TORQUE_REQS = 'walltime=1:00:00,mem=4gb';
    expect(() => torque(new ScriptedRunner())).toThrow(
      /^Invalid TOIL_TORQUE_REQS "walltime=1:00:00,mem=4gb".*remove 'mem=4gb'/,
    );
    process.env.TOIL_TORQUE_REQS = '-l walltime=1:00:00';
    expect(() => torque(new ScriptedRunner())).toThrow(/resource=value pairs without -l/);
  });

  it("fails a job Torque refuses (unknown queue, queue limits) at once, with Torque's words", async () => {
    for (const refusal of ['qsub-unknown-queue.txt', 'qsub-limits.txt']) {
      const runner = new ScriptedRunner().on('qsub', { exitCode: 168, stderr: fixture(refusal) });
      const bs = torque(runner);
      await bs.issueBatchJob(spec);
      const update = await bs.getUpdatedBatchJob(2000);
      expect(update).toMatchObject({ exitStatus: EXIT_STATUS_UNAVAILABLE, exitReason: BatchJobExitReason.ERROR });
      expect(update?.output).toContain(fixture(refusal).trim());
      expect(runner.callsOf('qsub')).toHaveLength(1);
    }
  });

  it('retries while pbs_server is unreachable', async () => {
    const runner = new ScriptedRunner()
      .queue('qsub', { exitCode: 111, stderr: fixture('qsub-down.txt') })
      .on('qsub', { stdout: fixture('qsub.txt') })
      .on('qstat', qstatWith('C\n    exit_status = 0\n    resources_used.walltime = 00:00:03'));
    const bs = torque(runner);
    expect(await bs.getUpdatedBatchJob(0)).toBeUndefined();
    await bs.issueBatchJob(spec);
    expect(await bs.getUpdatedBatchJob(2000)).toMatchObject({
      exitStatus: 0,
      exitReason: BatchJobExitReason.FINISHED,
      wallTime: 3,
    });
    expect(runner.callsOf('qsub')).toHaveLength(2);
  });

  it('fails a job whose qsub output has no job ID, quoting it', async () => {
    const bs = torque(new ScriptedRunner().on('qsub', { stdout: 'Job submitted.\n' }));
    await bs.issueBatchJob(spec);
    expect((await bs.getUpdatedBatchJob(2000))?.output).toContain('"Job submitted."');
  });
});

describe('Torque job states (scripted qstat and tracejob)', () => {
  it('asks qstat -f -1 by ID and reports exit_status -10 as MEMLIMIT', async () => {
    const runner = new ScriptedRunner()
      .on('qsub', { stdout: fixture('qsub.txt') })
      .on('qstat', qstatWith('C\n    exit_status = -10'));
    const bs = torque(runner);
    await bs.issueBatchJob(spec);
    expect(await bs.getUpdatedBatchJob(2000)).toMatchObject({ exitReason: BatchJobExitReason.MEMLIMIT });
    expect(runner.callsOf('qstat')[0].argv).toEqual(['qstat', '-f', '-1', '5101.torque.example.org']);
  });

  it('reads the end of a job qstat has forgotten from tracejob', async () => {
    const runner = new ScriptedRunner()
      .on('qsub', { stdout: '5120.torque.example.org\n' })
      .on('qstat', { exitCode: 153, stderr: 'qstat: Unknown Job Id Error 5120.torque.example.org\n' })
      .on('tracejob', { stdout: fixture('tracejob.txt') });
    const bs = torque(runner);
    await bs.issueBatchJob(spec);
    expect(await bs.getUpdatedBatchJob(2000)).toMatchObject({
      exitStatus: 2,
      exitReason: BatchJobExitReason.FAILED,
      wallTime: 12,
    });
    expect(runner.callsOf('tracejob')[0].argv).toEqual(['tracejob', '-n', '2', '5120.torque.example.org']);
  });

  it(`runs at most ${TRACEJOB_PER_POLL} tracejob per poll, the other forgotten jobs on later polls, and each job's once`, async () => {
    let next = 6000;
    const runner = new ScriptedRunner()
      .on('qsub', () => ({ stdout: `${next++}.torque.example.org\n` }))
      .on('qstat', (argv) => ({
        exitCode: 153,
        stderr: argv
          .slice(3)
          .map((id) => `qstat: Unknown Job Id Error ${id}\n`)
          .join(''),
      }))
      .on('tracejob', { stdout: fixture('tracejob.txt') });
    const bs = torque(runner);
    const ids = await Promise.all(Array.from({ length: 45 }, () => bs.issueBatchJob(spec)));
    const updates = [];
    for (const _ of ids) updates.push(await bs.getUpdatedBatchJob(5000));
    // Every end came from tracejob, none counted lost while waiting its turn (5 polls, lost after 3), one call per job.
    expect(updates.map((u) => u?.exitStatus)).toEqual(ids.map(() => 2));
    expect(new Set(updates.map((u) => u?.batchJobId))).toEqual(new Set(ids));
    const traced = runner.callsOf('tracejob').map((c) => c.argv[3]);
    expect(traced).toHaveLength(45);
    expect(new Set(traced).size).toBe(45);
    // Between two qstat calls (one poll), at most the cap.
    const perPoll = runner.calls.reduce<number[]>(
      (polls, c) =>
        c.argv[0] === 'qstat'
          ? [...polls, 0]
          : c.argv[0] === 'tracejob'
            ? [...polls.slice(0, -1), polls[polls.length - 1] + 1]
            : polls,
      [],
    );
    expect(Math.max(...perPoll)).toBe(TRACEJOB_PER_POLL);
    expect(perPoll.filter((n) => n > 0).length).toBeGreaterThanOrEqual(5);
  });

  it('reports a forgotten job as LOST when tracejob is not installed', async () => {
    const runner = new ScriptedRunner()
      .on('qsub', { stdout: fixture('qsub.txt') })
      .on('qstat', { exitCode: 153, stderr: fixture('qstat-unknown.txt') });
    const bs = torque(runner);
    await bs.issueBatchJob(spec);
    expect(await bs.getUpdatedBatchJob(3000)).toMatchObject({ exitReason: BatchJobExitReason.LOST });
  });

  it('keeps polling through qstat failures', async () => {
    const runner = new ScriptedRunner()
      .on('qsub', { stdout: fixture('qsub.txt') })
      .queue('qstat', { exitCode: 1, stderr: 'pbs_iff: cannot read reply from pbs_server\nNo Permission.\n' })
      .on('qstat', qstatWith('C\n    exit_status = 1'));
    const bs = torque(runner);
    await bs.issueBatchJob(spec);
    expect(await bs.getUpdatedBatchJob(2000)).toMatchObject({ exitStatus: 1, exitReason: BatchJobExitReason.FAILED });
  });
});

describe('Torque commands missing', () => {
  it('refuses at start-up, in one line, when qsub/qstat/qdel are not on PATH (also through the plugin)', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(torque(new ScriptedRunner()).verifyCommands()).rejects.toThrow(
        /^--batchSystem torque needs Torque's commands, but 'qsub', 'qstat', 'qdel' are not on PATH\./,
      );
      const { create } = await plugin.load();
      const error = await Promise.resolve(create(context())).catch((e: unknown) => e);
      expect(ToilError.is(error) && error.code).toBe('SCHEDULER');
    } finally {
      process.env.PATH = path;
    }
  });
});
