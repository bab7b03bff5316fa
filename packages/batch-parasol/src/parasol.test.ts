import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
import { ParasolBatchSystem } from './parasol.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
const opened: ParasolBatchSystem[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((bs) => bs.shutdown()));
});

function context(extra: Record<string, unknown> = {}): BatchSystemContext {
  const workDir = mkdtempSync(join(tmpdir(), 'parasol-test-'));
  return {
    config: { ...testConfig({ workDir, workflowId: 'wf', statePollingWait: 0.05 }), extra },
    maxCores: 8,
    maxMemory: Infinity,
    maxDisk: Infinity,
    locator: 'memory:x',
    pluginPaths: {},
  };
}

function parasol(runner: ScriptedRunner, extra: Record<string, unknown> = {}): { bs: ParasolBatchSystem; dir: string } {
  const ctx = context(extra);
  const bs = new ParasolBatchSystem(ctx, {
    runner,
    tuning: { retryInitialMs: 10, retryMaxMs: 20, vanishedGraceMs: 0, killWaitMs: 300 },
  });
  opened.push(bs);
  return { bs, dir: join(ctx.config.workDir as string, 'toil-wf', 'parasol') };
}

const spec = (cores = 1.5, memory = 2 ** 28): BatchJobSpec => ({
  jobStoreId: 'job-1',
  displayName: 'align',
  requirements: { cores, memory, disk: 2 ** 20, accelerators: [], preemptible: false },
  workerCommand: ['node', '/opt/worker.js', 'file:/store', 'job-1'],
  env: {},
});

describe('Parasol options', () => {
  it("declares --parasolCommand and --parasolMaxBatches with Toil's defaults", () => {
    expect(plugin.options?.map((o) => [o.name, o.type, o.default])).toEqual([
      ['parasolCommand', 'string', 'parasol'],
      ['parasolMaxBatches', 'number', 1000],
    ]);
  });

  it('refuses a --parasolMaxBatches that is not a whole number of at least 1, quoting it', () => {
    expect(() => parasol(new ScriptedRunner(), { parasolMaxBatches: 0 })).toThrow(
      /^Invalid --parasolMaxBatches "0".*whole number of at least 1/,
    );
    expect(() => parasol(new ScriptedRunner(), { parasolMaxBatches: 2.5 })).toThrow(/--parasolMaxBatches "2.5"/);
  });
});

describe('Parasol submission (scripted parasol client)', () => {
  it("adds the job with the batch's results file, whole cpus and ram in bytes, running a script file with sh", async () => {
    const runner = new ScriptedRunner().on('/opt/parasol/bin/parasol', (argv) =>
      argv.includes('add') ? { stdout: fixture('add-job.txt') } : { stdout: '' },
    );
    const { bs, dir } = parasol(runner, { parasolCommand: '/opt/parasol/bin/parasol' });
    const id = await bs.issueBatchJob(spec());
    await bs.getUpdatedBatchJob(100);
    const [add] = runner.calls.filter((c) => c.argv.includes('add'));
    const script = join(dir, `toil_job_${id}.sh`);
    expect(add.argv).toEqual([
      '/opt/parasol/bin/parasol',
      '-verbose',
      `-results=${join(dir, 'results-cpu2-ram268435456')}`,
      '-cpu=2',
      '-ram=268435456',
      'add',
      'job',
      'sh',
      script,
    ]);
    expect(readFileSync(script, 'utf8')).toMatch(/^exec node \/opt\/worker.js .*job-1$/m);
  });

  it('stops at --parasolMaxBatches distinct cores/memory pairs, in one line naming the job and the fix', async () => {
    const runner = new ScriptedRunner().on('parasol', (argv) =>
      argv.includes('add') ? { stdout: fixture('add-job.txt') } : { stdout: '' },
    );
    const { bs } = parasol(runner, { parasolMaxBatches: 2 });
    await bs.issueBatchJob(spec(1, 2 ** 28));
    await bs.issueBatchJob(spec(1, 2 ** 28));
    await bs.issueBatchJob(spec(2, 2 ** 28));
    const error = await bs.issueBatchJob(spec(4, 2 ** 28)).catch((e: unknown) => e);
    expect(ToilError.is(error) && error.code).toBe('SCHEDULER');
    expect((error as Error).message).toMatch(
      /^Job 'align' needs a new Parasol batch \(cores and memory 4:268435456\), but --parasolMaxBatches 2 are in use\. Raise --parasolMaxBatches/,
    );
  });

  it("fails a job the hub refuses (a sick batch) at once, with the client's words", async () => {
    const runner = new ScriptedRunner().on('parasol', { exitCode: 255, stderr: fixture('add-job-sick.txt') });
    const { bs } = parasol(runner);
    await bs.issueBatchJob(spec());
    const update = await bs.getUpdatedBatchJob(2000);
    expect(update).toMatchObject({ exitStatus: EXIT_STATUS_UNAVAILABLE, exitReason: BatchJobExitReason.ERROR });
    expect(update?.output).toContain('sick batch?: hub returned jobId==0');
    expect(runner.calls).toHaveLength(1);
  });

  it('retries while the hub does not answer, and fails a job added without a receipt', async () => {
    const runner = new ScriptedRunner()
      .queue('parasol', { exitCode: 255, stderr: fixture('add-job-hub-down.txt') }, { stdout: '' })
      .on('parasol', { stdout: '' });
    const { bs } = parasol(runner);
    await bs.issueBatchJob(spec());
    const update = await bs.getUpdatedBatchJob(2000);
    expect(update?.exitReason).toBe(BatchJobExitReason.ERROR);
    expect(update?.output).toContain('parasol add job printed no "your job <id>');
    expect(runner.calls.filter((c) => c.argv.includes('add'))).toHaveLength(2);
  });
});

describe('Parasol job states (scripted pstat2 and results files)', () => {
  it("reads a running job from pstat2 and its end from the batch's results file", async () => {
    let ended = false;
    const runner = new ScriptedRunner().on('parasol', (argv) => {
      if (argv.includes('add')) return { stdout: fixture('add-job.txt') };
      return { stdout: ended ? '' : `r 3017 alice sh ${Math.floor(Date.now() / 1000) - 5} node07\n` };
    });
    const { bs, dir } = parasol(runner);
    const id = await bs.issueBatchJob(spec());
    for (let i = 0; i < 200 && !bs.getRunningBatchJobIds().has(id); i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(bs.getRunningBatchJobIds().get(id)).toBeGreaterThanOrEqual(5);
    writeFileSync(
      join(dir, 'results-cpu2-ram268435456'),
      "512 node07 3017 sh 1 0 1795600300 1795600301 1795600311 alice /tmp/e 'sh x'\n",
    );
    ended = true;
    expect(await bs.getUpdatedBatchJob(2000)).toMatchObject({
      batchJobId: id,
      exitStatus: 2,
      exitReason: BatchJobExitReason.FAILED,
      wallTime: 10,
    });
  });

  it('waits for a results line the hub is still writing instead of reading half of it', async () => {
    let running = true;
    const runner = new ScriptedRunner().on('parasol', (argv) => {
      if (argv.includes('add')) return { stdout: fixture('add-job.txt') };
      return { stdout: running ? `r 3017 alice sh ${Math.floor(Date.now() / 1000)} node07\n` : '' };
    });
    const ctx = context();
    // Never counted as lost here, however slowly this test runs: the point is what the partial line is read as.
    const bs = new ParasolBatchSystem(ctx, { runner, tuning: { vanishedGraceMs: 0, vanishedPolls: 1000 } });
    opened.push(bs);
    const dir = join(ctx.config.workDir as string, 'toil-wf', 'parasol');
    const id = await bs.issueBatchJob(spec());
    const pstat2Calls = () => runner.calls.filter((c) => c.argv.includes('pstat2')).length;
    for (let i = 0; i < 200 && !bs.getRunningBatchJobIds().has(id); i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    const result = "512 node07 3017 sh 1 0 1795600300 1795600301 1795600311 alice /tmp/e 'sh x'\n";
    // Cut inside the end time: read as it stands, the line would say the job ran for no known time.
    writeFileSync(join(dir, 'results-cpu2-ram268435456'), result.slice(0, 50));
    running = false;
    const polls = pstat2Calls();
    for (let i = 0; i < 200 && pstat2Calls() < polls + 3; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await bs.getUpdatedBatchJob(0)).toBeUndefined();
    appendFileSync(join(dir, 'results-cpu2-ram268435456'), result.slice(50));
    expect(await bs.getUpdatedBatchJob(2000)).toMatchObject({
      batchJobId: id,
      exitStatus: 2,
      exitReason: BatchJobExitReason.FAILED,
      wallTime: 10,
    });
  });

  it('keeps polling through pstat2 failures', async () => {
    const runner = new ScriptedRunner().on('parasol', (argv) =>
      argv.includes('add') ? { stdout: fixture('add-job.txt') } : { stdout: 'q 3017 alice sh 1795600300 none\n' },
    );
    const { bs } = parasol(runner);
    await bs.issueBatchJob(spec());
    runner.queue('parasol', { exitCode: 255, stderr: "Couldn't send 'pstat2' command to paraHub\n" });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(bs.getIssuedBatchJobIds()).toHaveLength(1);
    expect(runner.calls.filter((c) => c.argv.includes('pstat2')).length).toBeGreaterThanOrEqual(2);
  });

  it('kills with one `parasol remove job` per job', async () => {
    let next = 3021;
    const runner = new ScriptedRunner().on('parasol', (argv) =>
      argv.includes('add') ? { stdout: `your job ${next++} ("sh x") has been submitted\n` } : { stdout: '' },
    );
    const { bs } = parasol(runner);
    const ids = [await bs.issueBatchJob(spec()), await bs.issueBatchJob(spec())];
    for (let i = 0; i < 100 && runner.calls.filter((c) => c.argv.includes('add')).length < 2; i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    await bs.killBatchJobs(ids);
    expect(runner.calls.filter((c) => c.argv.includes('remove')).map((c) => c.argv.slice(1))).toEqual([
      ['remove', 'job', '3021'],
      ['remove', 'job', '3022'],
    ]);
  });
});

describe('Parasol program missing', () => {
  it('refuses at start-up, in one line, naming --parasolCommand (also through the plugin)', async () => {
    await expect(
      parasol(new ScriptedRunner(), { parasolCommand: '/nonexistent/parasol' }).bs.verifyCommands(),
    ).rejects.toThrow(
      /^--batchSystem parasol needs the parasol program, but '\/nonexistent\/parasol' is not an executable file\. Install Parasol on this host, or give its path with --parasolCommand\.$/,
    );
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const { create } = await plugin.load();
      const error = await Promise.resolve(create(context())).catch((e: unknown) => e);
      expect(ToilError.is(error) && error.code).toBe('SCHEDULER');
      expect((error as Error).message).toContain("'parasol' is not on PATH");
    } finally {
      process.env.PATH = path;
    }
  });
});
