/**
 * `--debugWorker` through the real CLI: jobs run inside the leader's process (no forked worker), so their output
 * reaches the leader's stdout as they print it and a debugger on the leader stops in job code. Failures are still
 * failed attempts with logs and retries; jobs still run side by side within --maxCores; a job that ends the
 * process takes the leader with it but leaves a store that `--restart` finishes.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Toil } from '@toil/core';
import { whereAmI } from '../fixtures/debug-worker.js';
import { apiOptions } from './helpers/api.js';
import { CLI_PATH, errorLines, fixture, runToil, stackFrames, toilRun } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

/** The CLI prints the workflow's result as the last line of stdout (jobs may print before it). */
const resultOf = (stdout: string): unknown => JSON.parse(stdout.trimEnd().split('\n').at(-1)!);

describe('--debugWorker', () => {
  it("runs the job in the leader's process, with its output on the leader's stdout and --setEnv applied", async () => {
    const dir = await tempDir();
    const result = await toilRun(
      'debug-worker.ts',
      join(dir, 'js'),
      'whereAmI',
      [],
      ['--debugWorker', '--setEnv', 'DEBUG_WORKER_E2E=yes'],
    );
    expect(result.code, result.stderr).toBe(0);
    const where = resultOf(result.stdout) as { script: string; pid: number; fromSetEnv: string | null };
    // The job's process is the CLI itself, not a forked worker-process.js.
    expect(where.script).toBe(CLI_PATH);
    expect(where.fromSetEnv).toBe('yes');
    expect(result.stdout).toContain(`printed by the job in pid ${where.pid}\n`);
  });

  it('without it, the same job runs in a worker process and its output is not on the leader stdout', async () => {
    const dir = await tempDir();
    const result = await toilRun('debug-worker.ts', join(dir, 'js'), 'whereAmI', []);
    expect(result.code, result.stderr).toBe(0);
    expect((resultOf(result.stdout) as { script: string }).script).toMatch(/worker-process\.js$/);
    expect(result.stdout).not.toContain('printed by the job');
  });

  it('runs jobs side by side within --maxCores: two children that wait for each other both finish', async () => {
    const dir = await tempDir();
    const result = await toilRun(
      'debug-worker.ts',
      join(dir, 'js'),
      'rendezvous',
      [dir],
      ['--debugWorker', '--maxCores', '2'],
    );
    expect(result.code, result.stderr).toBe(0);
    const [a, b] = resultOf(result.stdout) as string[];
    expect(a).toMatch(/^a met b in pid (\d+)$/);
    // Same process for both: the leader's.
    expect(b).toBe(a.replace('a met b', 'b met a'));
  });

  it('runs services and their clients in the leader too (they must run at the same time)', async () => {
    const dir = await tempDir();
    const result = await toilRun(
      'services.ts',
      join(dir, 'js'),
      'useServices',
      [dir],
      ['--debugWorker', '--servicePollingInterval', '0.2'],
    );
    expect(result.code, result.stderr).toBe(0);
    expect(resultOf(result.stdout)).toEqual({ body: 'greetings from /hello', sub: { token: 'sub-token' } });
  });

  it('records a failed attempt with its log, then retries it', async () => {
    const dir = await tempDir();
    const result = await toilRun('retries.ts', join(dir, 'js'), 'flakyOnce', [dir], ['--debugWorker']);
    expect(result.code, result.stderr).toBe(0);
    expect(resultOf(result.stdout)).toBe('recovered');
    expect(result.stderr).toMatch(/Job 'retry\.flakyOnce' \S+ failed; 1 try left\. Its log:/);
    expect(result.stderr).toMatch(/\S+ {4}Error: the first attempt fails on purpose/);
  });

  it('fails the workflow with a one-line error when the job is out of tries', async () => {
    const dir = await tempDir();
    const result = await toilRun(
      'retries.ts',
      join(dir, 'js'),
      'alwaysFails',
      [],
      ['--debugWorker', '--retryCount', '0'],
    );
    expect(result.code).not.toBe(0);
    expect(errorLines(result.stderr).join('\n')).toMatch(/retry\.alwaysFails/);
    expect(stackFrames(result.stderr.split('---END OF LOG---').at(-1)!)).toEqual([]);
  });

  it('a job that exits the process ends the leader, and --restart then finishes the workflow', async () => {
    const dir = await tempDir();
    const store = join(dir, 'js');
    const crashed = await toilRun('retries.ts', store, 'dies', [dir, 'exit'], ['--debugWorker']);
    // process.exit(3) in the job is the leader's exit: nothing forked survives to catch it.
    expect(crashed.code).toBe(3);
    // --args left out: a restart resumes the workflow as it was started.
    const restarted = await runToil([
      'run',
      fixture('retries.ts'),
      store,
      '--job',
      'dies',
      '--restart',
      '--debugWorker',
    ]);
    expect(restarted.code, restarted.stderr).toBe(0);
    expect(resultOf(restarted.stdout)).toBe('survived exit');
  });

  it('through the API, two workflows one after the other on the same path each run with their own store and config', async () => {
    const dir = await tempDir();
    const first = await Toil.start(apiOptions(dir, 'debug-worker.ts', { debugWorker: true }), whereAmI);
    const second = await Toil.start(apiOptions(dir, 'debug-worker.ts', { debugWorker: true }), whereAmI);
    // In this (the test's) process, not a worker.
    expect([first.pid, second.pid]).toEqual([process.pid, process.pid]);
    expect(second.workflowId).not.toBe(first.workflowId);
  });

  it('is refused with another batch system, in one line', async () => {
    const dir = await tempDir();
    const result = await toilRun(
      'debug-worker.ts',
      join(dir, 'js'),
      'whereAmI',
      [],
      ['--debugWorker', '--batchSystem', 'slurm'],
    );
    expect(result.code).not.toBe(0);
    expect(errorLines(result.stderr)).toEqual([
      `toil: Invalid --batchSystem "slurm": --debugWorker runs jobs inside the leader's process, which only single_machine does; drop --debugWorker, or use --batchSystem single_machine`,
    ]);
    expect(stackFrames(result.stderr)).toEqual([]);
  });
});
