import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchJobExitReason, type BatchJobSpec } from '@toil/core/backend';
import { describe, expect, it } from 'vitest';
import { arrayScript } from './array-script.js';
import { takeGroup } from './array-groups.js';
import { FakeQueue } from './test/fake-queue.js';
import { waitFor } from './testing/shell-job.js';
import { ToyArrayBatchSystem } from './test/toy-scheduler.js';
import { testConfig } from '@toil/testing';

const spec = (name: string, cores = 1): BatchJobSpec => ({
  jobStoreId: name,
  displayName: name,
  requirements: { cores, memory: 2 ** 20, disk: 2 ** 20, accelerators: [], preemptible: false },
  workerCommand: ['echo', name],
  env: {},
});

describe('takeGroup', () => {
  it('takes the first item and later ones with its key, up to the limit, keeping the rest in order', () => {
    const queue = ['a', 'b', 'a', 'c', 'a', 'a'].map((arrayKey, i) => ({ arrayKey, i }));
    expect(takeGroup(queue, 3).map((x) => x.i)).toEqual([0, 2, 4]);
    expect(queue.map((x) => x.i)).toEqual([1, 3, 5]);
    expect(takeGroup(queue, 1).map((x) => x.i)).toEqual([1]);
    expect(takeGroup([], 5)).toEqual([]);
  });
});

describe('arrayScript', () => {
  it("runs the task of the scheduler's index through a real sh, its output in files named with its task ID", () => {
    const dir = mkdtempSync(join(tmpdir(), 'array-script-'));
    const tasks = ['first', "it's second"].map((word, i) => ({
      command: ['sh', '-c', 'echo "$0 $SHARED"; echo oops >&2', word],
      stdout: join(dir, `job ${i}_%ID%_out.log`),
      stderr: join(dir, `job ${i}_%ID%_err.log`),
    }));
    const script = arrayScript(
      tasks,
      { SHARED: 'for all' },
      { indexVariable: 'TASK', firstIndex: 1, taskIdExpression: '"$ARRAY.$TASK"', maxTasks: 10 },
      '%ID%',
    );
    execFileSync('sh', { input: script, env: { PATH: process.env.PATH, TASK: '2', ARRAY: '77' } });
    expect(readFileSync(join(dir, 'job 1_77.2_out.log'), 'utf8')).toBe("it's second for all\n");
    expect(readFileSync(join(dir, 'job 1_77.2_err.log'), 'utf8')).toBe('oops\n');
    expect(() => execFileSync('sh', { input: script, env: { TASK: '9' }, stdio: 'pipe' })).toThrow(
      /no job for array task 9/,
    );
  });
});

describe('job arrays in GridBatchSystem (fake-backed: a scripted toy scheduler)', () => {
  it('submits jobs issued together with equal requirements as arrays of at most maxTasks, and reports each task', async () => {
    const queue = new FakeQueue();
    const workDir = mkdtempSync(join(tmpdir(), 'grid-array-'));
    const bs = new ToyArrayBatchSystem(
      {
        config: testConfig({ workDir, statePollingWait: 0.05 }),
        maxCores: 4,
        maxMemory: Infinity,
        maxDisk: Infinity,
        locator: 'memory:x',
        pluginPaths: {},
      },
      { runner: queue.runner, tuning: { retryInitialMs: 20, vanishedGraceMs: 0 } },
    );
    const ids: number[] = [];
    for (const name of ['a', 'b', 'c', 'd']) ids.push(await bs.issueBatchJob(spec(name)));
    const big = await bs.issueBatchJob(spec('big', 2));
    await waitFor(() => queue.jobs.size === 5);
    const submits = queue.runner.callsOf('tsub');
    // a, b, c share an array (maxTasks 3); d follows in a second one of its own; big has other requirements.
    expect(submits.map((c) => c.argv.slice(0, 3).join(' '))).toEqual([
      'tsub -a 3',
      'tsub -n toil_job_4_d',
      'tsub -n toil_job_5_big',
    ]);
    expect(submits[0].input).toMatch(/^1\) exec echo a .*\n2\) exec echo b .*\n3\) exec echo c /m);
    for (const id of queue.ids()) queue.end(id, id === '100.2' ? 9 : 0);
    const updates = [];
    for (let i = 0; i < 5; i++) updates.push(await bs.getUpdatedBatchJob(2000));
    const b = updates.find((u) => u?.batchJobId === ids[1]);
    expect(b).toMatchObject({ exitStatus: 9, exitReason: BatchJobExitReason.FAILED });
    expect(updates.map((u) => u?.batchJobId).sort()).toEqual([...ids, big].sort());
    await bs.shutdown();
  });
});
