/**
 * The pooled array script under a real /bin/sh, with the variables Slurm gives an array task set by hand: which
 * task runs which job, exit codes and output files, and claims that never let two tasks run one job.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BatchJobExitReason } from '@toil/core/backend';
import { afterEach, describe, expect, it } from 'vitest';
import { poolRunner, poolScript } from './pool-script.js';
import { claimForLeader, newPool, pooledStatus, viewPoolJob, type PoolJobView } from './pool-status.js';

const run = promisify(execFile);
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function workflowDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'slurm-pool-'));
  dirs.push(dir);
  return dir;
}

/** Jobs that append "<job>:<task>" to a shared log, print their index, sleep a little and exit with `codes[i]`. */
function script(dir: string, codes: number[], sleep = 0): string {
  const tasks = codes.map((code, i) => ({
    command: [
      'sh',
      '-c',
      `echo "${i}:$SLURM_ARRAY_TASK_ID" >>"$0"; echo out ${i}; sleep ${sleep}; exit ${code}`,
      join(dir, 'ran.log'),
    ],
    stdout: join(dir, `job_${i}_%j_out.log`),
    stderr: join(dir, `job_${i}_%j_err.log`),
  }));
  return poolScript(tasks, { TOIL_X: "it's" }, dir, '%j');
}

/** Write the script once, then run it as array task `index` of array 77. */
function scriptFile(dir: string, body: string): string {
  mkdirSync(join(dir, 'slurm_pool_77'), { recursive: true }); // the leader makes it as sbatch returns
  const file = join(dir, 'array.sh');
  writeFileSync(file, body, { mode: 0o700 });
  return file;
}

async function task(file: string, index: number): Promise<void> {
  const env = { ...process.env, SLURM_ARRAY_JOB_ID: '77', SLURM_ARRAY_TASK_ID: String(index) };
  await run('/bin/sh', [file], { env });
}

const ran = (dir: string) => readFileSync(join(dir, 'ran.log'), 'utf8').trim().split('\n').sort();

describe('pooled array script (real sh)', () => {
  it('lets the first task run its own job and then every unstarted one, from the top; later tasks find none', async () => {
    const dir = workflowDir();
    const file = scriptFile(dir, script(dir, [0, 0, 3, 0]));
    await task(file, 0);
    await task(file, 1);
    expect(ran(dir)).toEqual(['0:0', '1:0', '2:0', '3:0']);
    const pool = newPool(dir, '77', 4);
    const views = await Promise.all([0, 1, 2, 3].map((i) => viewPoolJob(pool, `77_${i}`, i)));
    expect(views.map((view) => view.exitCode)).toEqual([0, 0, 3, 0]);
    expect(views.every((view) => view.wallTime !== undefined && view.wallTime >= 0 && view.wallTime < 5)).toBe(true);
    // Each job's output sits in the file a lone array task would have had, named with the job's own ID.
    expect(readFileSync(join(dir, 'job_2_77_2_out.log'), 'utf8')).toBe('out 2\n');
    expect(readdirSync(dir).filter((name) => name.endsWith('_err.log'))).toHaveLength(4);
  });

  it('runs each job exactly once when three tasks start together', async () => {
    const dir = workflowDir();
    const file = scriptFile(dir, script(dir, Array(9).fill(0), 0.1));
    await Promise.all([0, 1, 2].map((i) => task(file, i)));
    expect(ran(dir).map((line) => line.split(':')[0])).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8']);
  });

  it('skips a job the leader took back, which then reads as killed, and a leader claim loses to a task claim', async () => {
    const dir = workflowDir();
    const pool = newPool(dir, '77', 3);
    expect(await claimForLeader(pool, 1)).toBe(true);
    await task(scriptFile(dir, script(dir, [0, 0, 0])), 0);
    expect(ran(dir)).toEqual(['0:0', '2:0']);
    expect(await claimForLeader(pool, 2)).toBe(false);
    const taken = await viewPoolJob(pool, '77_1', 1);
    expect(pooledStatus(taken, undefined)).toMatchObject({ phase: 'ended', exitReason: BatchJobExitReason.KILLED });
  });
});

describe("a pooled job's status from its files and the task that matters", () => {
  const view = (over: Partial<PoolJobView>): PoolJobView => ({ id: '9_4', index: 4, ...over });
  const cancelled = { phase: 'ended', exitStatus: 0, exitReason: BatchJobExitReason.KILLED } as const;

  it('takes the exit file over anything Slurm says', () => {
    expect(pooledStatus(view({ exitCode: 2, claimedBy: '9_0' }), cancelled)).toEqual({
      phase: 'ended',
      exitStatus: 2,
      exitReason: BatchJobExitReason.FAILED,
    });
  });

  it('is queued while unclaimed and its own task waits, running once claimed by a running task', () => {
    expect(pooledStatus(view({}), { phase: 'queued', reason: 'Resources' })).toEqual({
      phase: 'queued',
      reason: 'Resources',
    });
    expect(pooledStatus(view({ claimedBy: '9_0' }), { phase: 'running', elapsed: 30 })).toEqual({ phase: 'running' });
  });

  it("ends with its task's reason when the task that claimed it was cancelled, lost when it just exited", () => {
    expect(pooledStatus(view({ claimedBy: '9_0' }), cancelled)).toMatchObject({
      exitReason: BatchJobExitReason.KILLED,
      detail: 'array task 9_0 ended',
    });
    const exited = { phase: 'ended', exitStatus: 0, exitReason: BatchJobExitReason.FINISHED } as const;
    expect(pooledStatus(view({ claimedBy: '9_0' }), exited)).toMatchObject({ exitReason: BatchJobExitReason.LOST });
  });

  it('asks the caller to take back an unclaimed job whose own task is gone, and waits on an unknown task', () => {
    expect(pooledStatus(view({}), cancelled)).toBe('ownTaskEnded');
    expect(pooledStatus(view({ claimedBy: '9_0' }), undefined)).toBeUndefined();
  });
});

describe('pooled array script on a node that does not see the workflow folder (real sh)', () => {
  it('runs only its own job, with its output files, and leaves no claim or exit file', async () => {
    const dir = workflowDir();
    const file = join(dir, 'array.sh');
    writeFileSync(file, script(dir, [0, 4, 0]), { mode: 0o700 });
    const env = { ...process.env, SLURM_ARRAY_JOB_ID: '77', SLURM_ARRAY_TASK_ID: '1' };
    const ended = await run('/bin/sh', [file], { env }).then(
      () => 0,
      (error: { code: number }) => error.code,
    );
    expect(ended).toBe(4);
    expect(ran(dir)).toEqual(['1:1']);
    expect(readFileSync(join(dir, 'job_1_77_1_out.log'), 'utf8')).toBe('out 1\n');
    expect(readdirSync(dir).some((name) => name.startsWith('slurm_pool_'))).toBe(false);
  }, 10_000);
});

describe('which arrays a warm worker runs', () => {
  const worker = (jobId: string, locator = 'file:/js') => ({
    command: ['/usr/bin/node', '/opt/toil/core/dist/worker-cli.js', locator, jobId],
    stdout: `/w/toil_job_${jobId}_%j_std_output.log`,
    stderr: `/w/toil_job_${jobId}_%j_std_error.log`,
  });

  it("takes Toil workers of one job store, with their job IDs and output paths marked for the job's own ID", () => {
    const runner = poolRunner([worker('a'), worker('b')], '%j');
    expect(runner?.node).toBe('/usr/bin/node');
    expect(runner?.program).toMatch(/pool-runner-main\.js$/);
    expect(runner?.jobs).toEqual({
      locator: 'file:/js',
      jobs: [
        { jobId: 'a', stdout: '/w/toil_job_a_@ID@_std_output.log', stderr: '/w/toil_job_a_@ID@_std_error.log' },
        { jobId: 'b', stdout: '/w/toil_job_b_@ID@_std_output.log', stderr: '/w/toil_job_b_@ID@_std_error.log' },
      ],
    });
    const body = poolScript([worker('a'), worker('b')], {}, '/w', '%j', runner);
    expect(body).toContain(
      `"$SLURM_ARRAY_JOB_ID" <<'TOIL_POOL_JOBS'\n${JSON.stringify(runner?.jobs)}\nTOIL_POOL_JOBS\n`,
    );
  });

  it('leaves plain commands and workers of two job stores to the shell pool', () => {
    expect(poolRunner([{ command: ['sh', '-c', 'true'], stdout: 'o', stderr: 'e' }], '%j')).toBeUndefined();
    expect(poolRunner([worker('a'), worker('b', 'file:/other')], '%j')).toBeUndefined();
  });
});
