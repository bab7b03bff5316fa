import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchJobExitReason, EXIT_STATUS_UNAVAILABLE, type BatchJobSpec } from '@toil/core/backend';
import { describe, expect, it } from 'vitest';
import { FakeQueue } from './test/fake-queue.js';
import { waitFor } from './testing/shell-job.js';
import { toyBatchSystem } from './test/toy-scheduler.js';

const spec = (name = 'hello'): BatchJobSpec => ({
  jobStoreId: `job-${name}`,
  displayName: name,
  requirements: { cores: 1, memory: 2 ** 20, disk: 2 ** 20, accelerators: [], preemptible: false },
  workerCommand: ['node', '/opt/toil-worker.js', 'file:/store', `job-${name}`],
  env: { FROM_SPEC: 'a b' },
});

function setup(tuning = {}) {
  const queue = new FakeQueue();
  const workDir = mkdtempSync(join(tmpdir(), 'grid-test-'));
  const bs = toyBatchSystem(workDir, { runner: queue.runner, tuning });
  return { queue, bs, workDir };
}

describe('GridBatchSystem submit / poll loop (fake-backed: a scripted toy scheduler)', () => {
  it('submits the worker script on stdin and reports the end once, with the scheduler wall time', async () => {
    const { queue, bs, workDir } = setup();
    bs.setEnv('SET_BY_LEADER', "it's");
    const id = await bs.issueBatchJob(spec());
    await waitFor(() => queue.ids().length === 1);
    const [job] = queue.jobs.values();
    expect(job.script).toMatch(/^export SET_BY_LEADER=.+$/m);
    expect(job.script).toMatch(/^export FROM_SPEC=.+$/m);
    expect(job.script.trim().split('\n').pop()).toMatch(/^exec node \/opt\/toil-worker.js .*job-hello$/);
    expect(job.argv).toContain(join(workDir, 'toil-toy-workflow', `toil_job_${id}_batch_toy_%ID%_std_output.log`));
    expect(job.argv).toContain(`toil_job_${id}_hello`);
    job.state = 'R';
    await waitFor(() => bs.getRunningBatchJobIds().has(id));
    queue.end(job.id, 0);
    expect(await bs.getUpdatedBatchJob(2000)).toEqual({
      batchJobId: id,
      exitStatus: 0,
      exitReason: BatchJobExitReason.FINISHED,
      wallTime: 2,
      output: undefined,
    });
    expect(bs.getIssuedBatchJobIds()).toEqual([]);
    expect(await bs.getUpdatedBatchJob(100)).toBeUndefined();
    await bs.shutdown();
  });

  it("shows the tail of a failed job's output files, with the scheduler's ID filled in", async () => {
    const { queue, bs, workDir } = setup();
    const id = await bs.issueBatchJob(spec('broken'));
    await waitFor(() => queue.ids().length === 1);
    const schedulerId = queue.ids()[0];
    writeFileSync(
      join(workDir, 'toil-toy-workflow', `toil_job_${id}_batch_toy_${schedulerId}_std_error.log`),
      'Error: something broke\n',
    );
    queue.end(schedulerId, 7);
    const update = await bs.getUpdatedBatchJob(2000);
    expect(update).toMatchObject({ batchJobId: id, exitStatus: 7, exitReason: BatchJobExitReason.FAILED });
    expect(update?.output).toContain('Error: something broke');
    await bs.shutdown();
  });

  it('retries a submission while the scheduler is unreachable, and the job then runs', async () => {
    const { queue, bs } = setup();
    queue.runner.queue(
      'tsub',
      { exitCode: 1, stderr: 'tsub: error: Unable to contact controller' },
      { exitCode: 1, stderr: 'Connection refused' },
    );
    const id = await bs.issueBatchJob(spec());
    await waitFor(() => queue.ids().length === 1);
    expect(queue.runner.callsOf('tsub')).toHaveLength(3);
    queue.end(queue.ids()[0]);
    expect(await bs.getUpdatedBatchJob(2000)).toMatchObject({
      batchJobId: id,
      exitReason: BatchJobExitReason.FINISHED,
    });
    await bs.shutdown();
  });

  it("reports a refused submission as ERROR with the scheduler's reason, without retrying", async () => {
    const { queue, bs } = setup();
    queue.runner.queue('tsub', { exitCode: 1, stderr: 'tsub: error: invalid partition specified: nosuch\n' });
    const id = await bs.issueBatchJob(spec());
    const update = await bs.getUpdatedBatchJob(2000);
    expect(update).toMatchObject({
      batchJobId: id,
      exitStatus: EXIT_STATUS_UNAVAILABLE,
      exitReason: BatchJobExitReason.ERROR,
    });
    expect(update?.output).toContain('invalid partition specified: nosuch');
    expect(queue.runner.callsOf('tsub')).toHaveLength(1);
    await bs.shutdown();
  });

  it('reports unparseable submit output as ERROR quoting what the command printed', async () => {
    const { queue, bs } = setup();
    queue.runner.queue('tsub', { stdout: 'Your job was accepted\n' });
    await bs.issueBatchJob(spec());
    const update = await bs.getUpdatedBatchJob(2000);
    expect(update?.exitReason).toBe(BatchJobExitReason.ERROR);
    expect(update?.output).toContain('"Your job was accepted"');
  });

  it('keeps jobs through failed state queries and reports them once the scheduler answers again', async () => {
    const { queue, bs } = setup();
    const id = await bs.issueBatchJob(spec());
    await waitFor(() => queue.ids().length === 1);
    queue.end(queue.ids()[0]);
    queue.runner.queue(
      'tstat',
      { exitCode: 1, stderr: 'tstat: cannot connect to server' },
      { exitCode: 1, stderr: 'garbage' },
      { exitCode: 1 },
    );
    expect(await bs.getUpdatedBatchJob(3000)).toMatchObject({
      batchJobId: id,
      exitReason: BatchJobExitReason.FINISHED,
    });
    expect(queue.runner.callsOf('tstat').length).toBeGreaterThanOrEqual(4);
    await bs.shutdown();
  });

  it('gives up on a scheduler that stays down past the outage limit: jobs end LOST with the reason, no hang', async () => {
    const { queue, bs } = setup({ outageLimitMs: 300 });
    const id = await bs.issueBatchJob(spec());
    await waitFor(() => queue.ids().length === 1);
    queue.runner.on('tstat', { exitCode: 1, stderr: 'tstat: server not responding' });
    const update = await bs.getUpdatedBatchJob(5000);
    expect(update).toMatchObject({
      batchJobId: id,
      exitStatus: EXIT_STATUS_UNAVAILABLE,
      exitReason: BatchJobExitReason.LOST,
    });
    expect(update?.output).toContain('server not responding');
    await bs.shutdown();
  });

  it('reports a job that vanishes from the queue as LOST after a few polls', async () => {
    const { queue, bs } = setup({ vanishedPolls: 3 });
    const id = await bs.issueBatchJob(spec());
    await waitFor(() => queue.ids().length === 1);
    const schedulerId = queue.ids()[0];
    queue.jobs.delete(schedulerId);
    const update = await bs.getUpdatedBatchJob(3000);
    expect(update).toMatchObject({ batchJobId: id, exitReason: BatchJobExitReason.LOST });
    expect(update?.output).toContain(`Toy job ${schedulerId} disappeared`);
    await bs.shutdown();
  });

  it('kills submitted jobs, waits until the scheduler drops them, and never reports them', async () => {
    const { queue, bs } = setup();
    const a = await bs.issueBatchJob(spec('a'));
    const b = await bs.issueBatchJob(spec('b'));
    await waitFor(() => queue.ids().length === 2);
    const [, schedulerB] = queue.ids();
    await bs.killBatchJobs([b, 424242]);
    expect(queue.runner.callsOf('tdel').map((c) => c.argv)).toEqual([['tdel', schedulerB]]);
    expect(bs.getIssuedBatchJobIds()).toEqual([a]);
    queue.end(queue.ids()[0]);
    expect(await bs.getUpdatedBatchJob(2000)).toMatchObject({ batchJobId: a });
    expect(await bs.getUpdatedBatchJob(200)).toBeUndefined();
    await bs.shutdown();
  });

  it('kills a job whose submission was in flight once its ID is known', async () => {
    const { queue, bs } = setup();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    queue.runner.queue('tsub', async () => {
      await gate;
      return { stdout: 'Submitted 7\n' };
    });
    const id = await bs.issueBatchJob(spec());
    await waitFor(() => queue.runner.callsOf('tsub').length === 1);
    const killing = bs.killBatchJobs([id]);
    release();
    await killing;
    expect(queue.runner.callsOf('tdel').map((c) => c.argv)).toEqual([['tdel', '7']]);
    expect(await bs.getUpdatedBatchJob(200)).toBeUndefined();
  });

  it('cancels every unfinished job at shutdown', async () => {
    const { queue, bs } = setup();
    await bs.issueBatchJob(spec('a'));
    await bs.issueBatchJob(spec('b'));
    await waitFor(() => queue.ids().length === 2);
    await bs.shutdown();
    expect(
      queue.runner
        .callsOf('tdel')
        .flatMap((c) => c.argv.slice(1))
        .sort(),
    ).toEqual(['100', '101']);
    expect(queue.jobs.size).toBe(0);
  });

  it('refuses at start-up, in one line, when scheduler commands are not on PATH', async () => {
    const { bs } = setup();
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(bs.verifyCommands()).rejects.toThrow(
        /^--batchSystem toy needs Toy's commands, but 'tsub', 'tstat', 'tdel' are not on PATH\. Install/,
      );
    } finally {
      process.env.PATH = path;
    }
  });

  it('checks requests against --maxCores', () => {
    const { bs } = setup();
    expect(() => bs.checkResourceRequest('big', { ...spec().requirements, cores: 5 })).toThrow(
      /Job 'big' requests 5 of cores, but the batch system allows at most 4/,
    );
  });
});
