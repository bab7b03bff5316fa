/**
 * `ctx.defer` (Toil's `Job.defer`) through the real CLI: deferred functions run when the job ends, whether it
 * succeeded or failed, last registered first, with --debugWorker too; a failing one is logged and does not fail the
 * job; and when a worker is killed with kill -9 mid-job, its deferred function still runs exactly once, in another
 * process (the next worker on the node, or the leader at the workflow's end).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toilRun } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

const lines = (file: string): string[] => (existsSync(file) ? readFileSync(file, 'utf8').trimEnd().split('\n') : []);

/** The per-user deferred directories under `<workDir>/toil-<workflowId>/`. */
function deferredDirs(workDir: string): string[] {
  return readdirSync(workDir)
    .filter((name) => name.startsWith('toil-'))
    .flatMap((name) =>
      readdirSync(join(workDir, name))
        .filter((d) => d.startsWith('deferred'))
        .map((d) => join(workDir, name, d)),
    );
}

describe('ctx.defer', () => {
  it('runs the deferred functions after the job, last registered first; one that throws is logged, the job succeeds', async () => {
    const dir = await tempDir();
    const log = join(dir, 'log');
    const result = await toilRun(
      'deferred.ts',
      join(dir, 'js'),
      'defersFour',
      [log],
      ['--workDir', dir, '--cleanWorkDir', 'never'],
    );
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toBe('done');
    const [body, ...rest] = lines(log);
    const pid = body.replace('job body in ', '');
    expect(rest).toEqual([`third run by ${pid}`, `second run by ${pid}`, `first run by ${pid}`]);
    // The failure reaches the leader's log as the job's message, not as a failure of the job.
    expect(result.stderr).toMatch(
      /Deferred function 'deferred\.boom' of job 'defersFour' \S+ failed: deferred boom: on purpose/,
    );
    expect(result.stderr).not.toMatch(/failed; \d+ tr/);
    // The records live in a private directory, and none is left once the job has run its functions.
    const dirs = deferredDirs(dir);
    expect(dirs).toHaveLength(1);
    expect(statSync(dirs[0]).mode & 0o777).toBe(0o700);
    expect(readdirSync(dirs[0])).toEqual([]);
  });

  it('runs them when the job fails, once per attempt', async () => {
    const dir = await tempDir();
    const log = join(dir, 'log');
    const result = await toilRun('deferred.ts', join(dir, 'js'), 'defersThenFails', [log], ['--retryCount', '1']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/the job failed on purpose/);
    expect(lines(log)).toEqual([
      expect.stringMatching(/^cleanup after failure run by \d+$/),
      expect.stringMatching(/^cleanup after failure run by \d+$/),
    ]);
  });

  it('with --debugWorker: same order, run in the leader process, and on failure too', async () => {
    const dir = await tempDir();
    const log = join(dir, 'log');
    const ok = await toilRun('deferred.ts', join(dir, 'js'), 'defersFour', [log], ['--debugWorker']);
    expect(ok.code, ok.stderr).toBe(0);
    const [body, ...rest] = lines(log);
    const pid = body.replace('job body in ', '');
    expect(rest).toEqual([`third run by ${pid}`, `second run by ${pid}`, `first run by ${pid}`]);
    const failLog = join(dir, 'fail-log');
    const failed = await toilRun(
      'deferred.ts',
      join(dir, 'js2'),
      'defersThenFails',
      [failLog],
      ['--debugWorker', '--retryCount', '0'],
    );
    expect(failed.code).toBe(1);
    expect(lines(failLog)).toEqual([expect.stringMatching(/^cleanup after failure run by \d+$/)]);
  });

  it('kill -9 of the worker mid-job: the deferred function runs exactly once, in another process', async () => {
    const dir = await tempDir();
    const log = join(dir, 'log');
    const marker = join(dir, 'marker');
    const result = await toilRun(
      'deferred.ts',
      join(dir, 'js'),
      'defersThenKilled',
      [log, marker],
      ['--workDir', dir, '--cleanWorkDir', 'never'],
    );
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toBe('retried');
    const killed = readFileSync(marker, 'utf8');
    const ran = lines(log);
    expect(ran).toHaveLength(1);
    const [, runner] = /^registered by \d+ run by (\d+)$/.exec(ran[0]) ?? [];
    expect(ran[0]).toMatch(new RegExp(`^registered by ${killed} run by \\d+$`));
    expect(runner).not.toBe(killed);
    // The worker that ran the retry ran it before the job, not the leader at the end.
    expect(result.stderr).not.toMatch(/Ran the deferred functions/);
    expect(readdirSync(deferredDirs(dir)[0])).toEqual([]);
  });

  it('kill -9 with no tries left: the leader runs the leftover at the end of the workflow', async () => {
    const dir = await tempDir();
    const log = join(dir, 'log');
    const marker = join(dir, 'marker');
    const result = await toilRun(
      'deferred.ts',
      join(dir, 'js'),
      'defersThenKilled',
      [log, marker],
      ['--retryCount', '0'],
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Job 'defersThenKilled' \S+ failed; no tries left/);
    expect(lines(log)).toEqual([
      expect.stringMatching(new RegExp(`^registered by ${readFileSync(marker, 'utf8')} run by \\d+$`)),
    ]);
    expect(result.stderr).toMatch(/Ran the deferred functions of 1 job run\(s\) whose worker was killed/);
  });

  it('refuses a deferred function defined inside a job, and an argument the codec cannot carry, naming them', async () => {
    const dir = await tempDir();
    const late = await toilRun('deferred.ts', join(dir, 'js'), 'definesDeferredInBody', [], ['--retryCount', '0']);
    expect(late.code).toBe(1);
    expect(late.stderr).toMatch(
      /adds the deferred 'deferred\.late', which was not defined when the workflow module loaded .*defineDeferred/,
    );
    const closure = await toilRun(
      'deferred.ts',
      join(dir, 'js2'),
      'defersClosure',
      [join(dir, 'log')],
      ['--retryCount', '0'],
    );
    expect(closure.code).toBe(1);
    expect(closure.stderr).toMatch(/Cannot encode argument 2 of deferred 'deferred\.note'/);
    expect(existsSync(join(dir, 'log'))).toBe(false);
  });
});
