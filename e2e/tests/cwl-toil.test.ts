/**
 * toil-cwl-runner on Toil beyond one process: a CWL workflow with a 20-way scatter on the real local Slurm
 * (tooling/start-slurm.sh), the same workflow's leader killed with -9 mid-run then `--restart`ed on the same job
 * store to the same outputs, and `toil status` / `toil stats` on a CWL job store naming the CWL steps.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from './crash-helpers.js';
import { runNode, runToil } from './helpers/cli.js';
import { requireSlurm } from './helpers/hpc.js';
import { tempDir } from './helpers/temp.js';

const CWL_CLI = resolve(import.meta.dirname, '../../packages/cwl/dist/cli.js');
const WORKFLOW = resolve(import.meta.dirname, '../fixtures/cwl/scatter.cwl');

interface Outputs {
  total: { path: string };
  squares: { path: string; basename: string }[];
}

/** A job file for the scatter over 1..n, marking each started square in `dir`/started. */
function jobFile(dir: string, n: number, pause = 0): string {
  const path = join(dir, 'job.json');
  const numbers = Array.from({ length: n }, (_, i) => i + 1);
  writeFileSync(path, JSON.stringify({ numbers, marks: dir, pause }));
  return path;
}

const sumOfSquares = (n: number) => (n * (n + 1) * (2 * n + 1)) / 6;

/** Checks the outputs of a run over 1..n: the total and every square, exported into `outdir`. */
function expectOutputs(stdout: string, outdir: string, n: number): void {
  const out = JSON.parse(stdout) as Outputs;
  expect(readFileSync(out.total.path, 'utf8')).toBe(`${sumOfSquares(n)}\n`);
  expect(out.squares.map((f) => readFileSync(f.path, 'utf8'))).toEqual(
    Array.from({ length: n }, (_, i) => `${(i + 1) ** 2}\n`),
  );
  for (const f of [out.total, ...out.squares]) expect(f.path.startsWith(`${outdir}/`)).toBe(true);
}

describe('toil-cwl-runner on Toil', { timeout: 300_000 }, () => {
  it('runs a 20-way scatter on the local Slurm, the squares as the 20 tasks of a job array', async () => {
    requireSlurm();
    const dir = await tempDir();
    const outdir = join(dir, 'out');
    const args = ['--batchSystem', 'slurm', '--statePollingWait', '0.5'];
    const result = await runNode(
      [CWL_CLI, ...args, '--workDir', dir, '--cleanWorkDir', 'never', '--outdir', outdir, WORKFLOW, jobFile(dir, 20)],
      { timeoutMs: 280_000 },
    );
    expect(result.code, result.stderr).toBe(0);
    expectOutputs(result.stdout, outdir, 20);
    expect(readFileSync(join(dir, 'started'), 'utf8').trim().split('\n').sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => String(i + 1)).sort(),
    );
    // Every job went through Slurm: its output log is named after its Slurm job ID, and the 20 squares (issued
    // together) after the tasks of one job array; chaining may fold the gather and the total into a worker.
    const [workflowDir] = readdirSync(dir).filter((name) => name.startsWith('toil-'));
    const logs = readdirSync(join(dir, workflowDir));
    const tasks = logs.filter((name) => /^toil_job_\d+_batch_slurm_\d+_\d+_std_output\.log$/.test(name));
    expect(tasks).toHaveLength(20);
    expect(
      logs.filter((name) => /^toil_job_\d+_batch_slurm_\d+_std_output\.log$/.test(name)).length,
    ).toBeGreaterThanOrEqual(1);
  });

  it('passes --slurmJobArrays false to the Slurm batch system: the scatter is submitted as plain jobs', async () => {
    requireSlurm();
    const dir = await tempDir();
    const outdir = join(dir, 'out');
    const args = ['--batchSystem', 'slurm', '--statePollingWait', '0.5', '--slurmJobArrays', 'false'];
    const result = await runNode(
      [CWL_CLI, ...args, '--workDir', dir, '--cleanWorkDir', 'never', '--outdir', outdir, WORKFLOW, jobFile(dir, 4)],
      { timeoutMs: 280_000 },
    );
    expect(result.code, result.stderr).toBe(0);
    expectOutputs(result.stdout, outdir, 4);
    // No job array: no log named after an array task, and one plain Slurm job per square at least.
    const [workflowDir] = readdirSync(dir).filter((name) => name.startsWith('toil-'));
    const logs = readdirSync(join(dir, workflowDir));
    expect(logs.filter((name) => /^toil_job_\d+_batch_slurm_\d+_\d+_std_output\.log$/.test(name))).toEqual([]);
    expect(
      logs.filter((name) => /^toil_job_\d+_batch_slurm_\d+_std_output\.log$/.test(name)).length,
    ).toBeGreaterThanOrEqual(4);
  });

  it('restarts a run whose leader was killed with -9 to the same outputs, without redoing finished squares', async () => {
    const dir = await tempDir();
    const jobStore = join(dir, 'js');
    const n = 12;
    const job = jobFile(dir, n, 2);
    const common = ['--jobStore', jobStore, '--maxCores', '2', '--logLevel', 'WARNING', '--stats', '--clean', 'never'];
    const leader = spawn(process.execPath, [CWL_CLI, ...common, '--outdir', join(dir, 'first'), WORKFLOW, job], {
      stdio: 'ignore',
    });
    const ended = new Promise((done) => leader.on('close', done));
    const started = join(dir, 'started');
    const reached = await waitFor(
      () => existsSync(started) && readFileSync(started, 'utf8').trim().split('\n').length >= 4,
      120_000,
    );
    expect(reached, 'four squares started before the kill').toBe(true);
    leader.kill('SIGKILL');
    await ended;
    const before = readFileSync(started, 'utf8').trim().split('\n').length;
    expect(before).toBeLessThan(n);

    // The store the killed leader left names the CWL steps: the squares still to run are 'square' jobs.
    const status = await runToil(['status', jobStore, '--printPerJobStats']);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/\bsquare\b/);

    const outdir = join(dir, 'out');
    const restarted = await runNode([CWL_CLI, ...common, '--restart', '--outdir', outdir, WORKFLOW, job], {
      timeoutMs: 200_000,
    });
    expect(restarted.code, restarted.stderr).toBe(0);
    expectOutputs(restarted.stdout, outdir, n);
    // Squares whose jobs had finished were not run again: fewer starts than two full runs' worth.
    const starts = readFileSync(started, 'utf8').trim().split('\n');
    expect(new Set(starts).size).toBe(n);
    expect(starts.length).toBeLessThan(2 * n);

    // toil stats on the CWL store: the tool jobs are counted under the step's name.
    const stats = await runToil(['stats', jobStore]);
    expect(stats.code, stats.stderr).toBe(0);
    expect(stats.stdout).toMatch(/^\s*square\b/m);
    expect(stats.stdout).toMatch(/^\s*total\b/m);
  });
});
