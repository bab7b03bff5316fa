import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchJobExitReason, EXIT_STATUS_UNAVAILABLE, type BatchJobSpec } from '@toil/core/backend';
import type { CommandOptions } from '@toil/batch-grid';
import { ScriptedRunner } from '@toil/batch-grid/testing';
import { testConfig } from '@toil/testing';
import { describe, expect, it } from 'vitest';
import { GridEngineBatchSystem, type GridEngineOptions } from './gridengine.js';
import { fixture } from './test-fixtures.js';

const MIB = 1024 * 1024;
const spec = (cores = 1, name = 'hello'): BatchJobSpec => ({
  jobStoreId: `job-${name}`,
  displayName: name,
  requirements: { cores, memory: 100 * MIB, disk: MIB, accelerators: [], preemptible: false },
  workerCommand: ['node', '/opt/toil-worker.js', 'file:/store', `job-${name}`],
  env: {},
});

/** `qstat -xml` listing these jobs. */
const qstatXml = (...jobs: [id: string, state: string][]) =>
  `<?xml version='1.0'?>\n<job_info>\n  <queue_info>\n${jobs.map(([id, state]) => `    <job_list state="running">\n      <JB_job_number>${id}</JB_job_number>\n      <state>${state}</state>\n    </job_list>\n`).join('')}  </queue_info>\n</job_info>\n`;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
/** A time the way SGE 8.1's qacct prints it. */
function ctime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${String(d.getDate()).padStart(2)} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} ${d.getFullYear()}`;
}

/** A real qacct record (a fixture) renumbered as job `id`, submitted at `submitted`. */
const record = (name: string, id: string, submitted = Date.now()) =>
  fixture(name)
    .replace(/^jobnumber( +)\S+/m, `jobnumber$1${id}`)
    .replace(/^qsub_time( +).*$/m, `qsub_time$1${ctime(submitted)}`);

function setup(runner: ScriptedRunner, options: GridEngineOptions = {}) {
  const workDir = mkdtempSync(join(tmpdir(), 'sge-test-'));
  const config = testConfig({ workDir, statePollingWait: 0.05, workflowId: 'sge-workflow' });
  const env = { SGE_ROOT: '/opt/sge', SGE_QMASTER_PORT: '7000', ...options.env };
  return new GridEngineBatchSystem(
    { config, maxCores: 4, maxMemory: Infinity, maxDisk: Infinity, locator: 'memory:sge', pluginPaths: {} },
    {
      runner,
      ...options,
      env,
      tuning: { retryInitialMs: 20, retryMaxMs: 50, vanishedGraceMs: 0, killWaitMs: 2000, ...options.tuning },
    },
  );
}

/** A runner whose qsub hands out job numbers from 101 and whose qdel succeeds. */
function sge(): ScriptedRunner {
  let next = 101;
  return new ScriptedRunner().on('qsub', () => ({ stdout: `${next++}\n` })).on('qdel', { stdout: 'deleted' });
}

describe('GridEngineBatchSystem (scripted qsub/qstat/qacct/qdel)', () => {
  it('reads the ends of several jobs from one qacct call, once they leave qstat', async () => {
    const runner = sge().on('qstat', { stdout: qstatXml() });
    runner.on('qacct', { stdout: record('qacct-exit3.txt', '101') + record('qacct-several.txt', '102') });
    const bs = setup(runner);
    const ids = [await bs.issueBatchJob(spec(1, 'a')), await bs.issueBatchJob(spec(1, 'b'))];
    const updates = [await bs.getUpdatedBatchJob(2000), await bs.getUpdatedBatchJob(2000)];
    expect(updates.map((u) => [u?.batchJobId, u?.exitStatus, u?.exitReason, u?.wallTime])).toEqual([
      [ids[0], 3, BatchJobExitReason.FAILED, 0],
      [ids[1], 0, BatchJobExitReason.FINISHED, 5],
    ]);
    // One qacct per poll, for every ended job: jobs ended since the oldest submission (less clock slack).
    expect(runner.callsOf('qacct')[0].argv).toEqual([
      'qacct',
      '-E',
      '-b',
      expect.stringMatching(/^\d{12}\.\d\d$/),
      '-j',
    ]);
    expect(runner.callsOf('qacct').length).toBeLessThanOrEqual(runner.callsOf('qstat').length);
    await bs.shutdown();
  });

  it('keeps a job that left qstat running until its accounting record is written', async () => {
    let accounted = false;
    const runner = sge()
      .on('qstat', { stdout: qstatXml() })
      .on('qacct', () =>
        accounted ? { stdout: record('qacct-several.txt', '101') } : { stdout: fixture('qacct-none.txt') },
      );
    const bs = setup(runner);
    const id = await bs.issueBatchJob(spec());
    expect(await bs.getUpdatedBatchJob(400)).toBeUndefined();
    expect(bs.getIssuedBatchJobIds()).toEqual([id]);
    expect(bs.getRunningBatchJobIds().has(id)).toBe(true);
    accounted = true;
    expect(await bs.getUpdatedBatchJob(2000)).toMatchObject({
      batchJobId: id,
      exitStatus: 0,
      exitReason: BatchJobExitReason.FINISHED,
    });
    await bs.shutdown();
  });

  it('treats a missing accounting file as "nothing ended yet", and reports a job lost once the wait for it is over', async () => {
    const runner = sge().on('qstat', { stdout: qstatXml() }).on('qacct', {
      exitCode: 1,
      stdout: 'No jobs running since startup\n',
      stderr: '/var/lib/gridengine/default/common/accounting: No such file or directory\n',
    });
    const bs = setup(runner, { accountingWaitMs: 300 });
    const id = await bs.issueBatchJob(spec());
    const update = await bs.getUpdatedBatchJob(3000);
    expect(update).toMatchObject({
      batchJobId: id,
      exitStatus: EXIT_STATUS_UNAVAILABLE,
      exitReason: BatchJobExitReason.LOST,
    });
    expect(update?.output).toMatch(/GridEngine job 101 disappeared from the queue/);
    await bs.shutdown();
  });

  it('reports a job in error state (Eqw) as ERROR with the reason from qstat -j, and deletes it', async () => {
    const runner = sge()
      .on('qstat', (argv) => ({
        stdout:
          argv[1] === '-j'
            ? fixture('qstat-j-two-eqw.txt').replaceAll(/job_number: +38/g, 'job_number:                 101')
            : qstatXml(['101', 'Eqw']),
      }))
      .on('qacct', { stdout: '' });
    const bs = setup(runner);
    const id = await bs.issueBatchJob(spec());
    const update = await bs.getUpdatedBatchJob(2000);
    expect(update).toMatchObject({
      batchJobId: id,
      exitStatus: EXIT_STATUS_UNAVAILABLE,
      exitReason: BatchJobExitReason.ERROR,
    });
    expect(update?.output).toContain(
      'GridEngine job 101: in error state (Eqw), deleted: can\'t open output file "/nonexistent/a"',
    );
    expect(runner.callsOf('qstat').find((c) => c.argv[1] === '-j')?.argv).toEqual(['qstat', '-j', '101']);
    expect(runner.callsOf('qdel').map((c) => c.argv)).toEqual([['qdel', '101']]);
    await bs.shutdown();
  });

  it('lists queued and running jobs, and kills with qdel, waiting while the job is being deleted (dr)', async () => {
    let state = 'qw';
    const runner = sge()
      .on('qstat', () => ({ stdout: state ? qstatXml(['101', state]) : qstatXml() }))
      .on('qdel', () => {
        state = 'dr';
        setTimeout(() => (state = ''), 300);
        return { stdout: 'root has registered the job 101 for deletion' };
      });
    const bs = setup(runner);
    const id = await bs.issueBatchJob(spec());
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(bs.getIssuedBatchJobIds()).toEqual([id]);
    expect(bs.getRunningBatchJobIds().size).toBe(0);
    state = 'r';
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect([...bs.getRunningBatchJobIds().keys()]).toEqual([id]);
    const started = Date.now();
    await bs.killBatchJobs([id]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(state).toBe('');
    expect(runner.callsOf('qacct')).toEqual([]);
    await bs.shutdown();
  });

  it("retries qsub after a commlib error, and reports a refused job as ERROR with qsub's reason", async () => {
    const runner = sge()
      .queue('qsub', { exitCode: 1, stderr: fixture('qsub-stderr-commlib.txt') })
      .on('qstat', { stdout: qstatXml() })
      .on('qacct', { stdout: record('qacct-several.txt', '101') });
    const bs = setup(runner);
    const retried = await bs.issueBatchJob(spec());
    expect(await bs.getUpdatedBatchJob(2000)).toMatchObject({
      batchJobId: retried,
      exitStatus: 0,
      exitReason: BatchJobExitReason.FINISHED,
    });
    expect(runner.callsOf('qsub')).toHaveLength(2);

    runner.queue('qsub', { exitCode: 1, stderr: fixture('qsub-stderr-no-such-pe.txt') });
    const refused = await bs.issueBatchJob(spec());
    const update = await bs.getUpdatedBatchJob(2000);
    expect(update).toMatchObject({
      batchJobId: refused,
      exitStatus: EXIT_STATUS_UNAVAILABLE,
      exitReason: BatchJobExitReason.ERROR,
    });
    expect(update?.output).toContain(
      'Unable to run job: job rejected: the requested parallel environment "nosuch" does not exist',
    );
    expect(runner.callsOf('qsub')).toHaveLength(3);
    await bs.shutdown();
  });

  it('gives every command the SGE_* environment', async () => {
    let listed = true;
    const scripted = sge()
      .on('qstat', () => ({ stdout: listed ? qstatXml(['101', 'r']) : qstatXml() }))
      .on('qdel', () => {
        listed = false;
        return {};
      });
    const envs: (Record<string, string> | undefined)[] = [];
    const runner = Object.assign(Object.create(scripted) as ScriptedRunner, {
      run: (argv: readonly string[], options?: CommandOptions) => {
        envs.push(options?.env);
        return scripted.run(argv, options);
      },
    });
    const bs = setup(runner);
    await bs.issueBatchJob(spec());
    await new Promise((resolve) => setTimeout(resolve, 150));
    await bs.shutdown();
    expect(envs.length).toBeGreaterThanOrEqual(3);
    for (const env of envs) expect(env).toEqual({ SGE_ROOT: '/opt/sge', SGE_QMASTER_PORT: '7000' });
  });

  it('submits the worker script on stdin, and reads the job number from -terse or from the long message', async () => {
    let listed = true;
    const runner = new ScriptedRunner()
      .queue('qsub', { stdout: 'Your job 555 ("toil_job_1_hello") has been submitted\n' })
      .on('qstat', () => ({ stdout: listed ? qstatXml(['555', 'r']) : qstatXml() }))
      .on('qdel', () => {
        listed = false;
        return {};
      });
    const bs = setup(runner);
    await bs.issueBatchJob(spec());
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(runner.callsOf('qsub')[0].input).toMatch(
      /^#!\/bin\/sh\n[\s\S]*exec node \/opt\/toil-worker.js \S+ job-hello\n$/,
    );
    await bs.shutdown();
    expect(runner.callsOf('qdel').map((c) => c.argv)).toEqual([['qdel', '555']]);
  });
});

describe('GridEngineBatchSystem resource checks', () => {
  it('refuses a multi-core job without TOIL_GRIDENGINE_PE, naming the job and the fix; accepts it with one', () => {
    const without = setup(sge());
    expect(() => without.checkResourceRequest('big job', spec(2).requirements)).toThrow(
      "Job 'big job' requests 2 cores, but a GridEngine job gets more than one slot only from a parallel environment, and TOIL_GRIDENGINE_PE is not set. Set it to one of your cluster's (qconf -spl lists them), e.g. TOIL_GRIDENGINE_PE=smp, or give the job 1 core.",
    );
    expect(() => without.checkResourceRequest('small job', spec(1).requirements)).not.toThrow();
    expect(() =>
      setup(sge(), { env: { TOIL_GRIDENGINE_PE: 'smp' } }).checkResourceRequest('big job', spec(2).requirements),
    ).not.toThrow();
  });

  it('checks TOIL_GRIDENGINE_PE against qconf -spl at start-up', async () => {
    const runner = sge().on('qconf', { stdout: 'make\nsmp\n' });
    await expect(setup(runner, { env: { TOIL_GRIDENGINE_PE: 'smp' } }).verifyCommands()).resolves.toBeUndefined();
    await expect(setup(runner, { env: { TOIL_GRIDENGINE_PE: 'mpi' } }).verifyCommands()).rejects.toThrow(
      `Invalid TOIL_GRIDENGINE_PE "mpi": name one of this cluster's parallel environments (qconf -spl): make, smp`,
    );
  });
});
