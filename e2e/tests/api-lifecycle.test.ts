/**
 * The ways to run a workflow: the `Toil.start` one-liner, `Toil.restart` of a finished workflow, `toil.start` on
 * a store opened for restart, and `Toil.main(def)` in a workflow file run directly with node.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Toil, ToilUsageError } from '@toil/core';
import { fanout } from '../fixtures/workflows.js';
import { apiOptions } from './helpers/api.js';
import { errorLines, fixture, runNode, stackFrames, toilRun } from './helpers/cli.js';
import { listJobs } from './helpers/store.js';
import { tempDir } from './helpers/temp.js';

describe('Toil.start and Toil.restart', () => {
  it('runs a workflow in one line and removes the job store after success (--clean onSuccess)', async () => {
    const options = apiOptions(await tempDir(), 'workflows.ts');
    // 0² + 1² + ... + 9²
    expect(await Toil.start(options, fanout, 10)).toBe(285);
    expect(existsSync(options.jobStore)).toBe(false);
  });

  it('returns the stored result when restarting a workflow that already finished', async () => {
    const options = apiOptions(await tempDir(), 'workflows.ts', { clean: 'never' });
    expect(await Toil.start(options, fanout, 4)).toBe(14);
    // Finished: every job is gone from the store, only the result remains.
    expect(await listJobs(`file:${options.jobStore}`)).toEqual([]);
    expect(await Toil.restart(options)).toBe(14);
    expect(await Toil.restart(options)).toBe(14);
  });

  it('refuses toil.start() on a store opened for restart, pointing at toil.restart()', async () => {
    const options = apiOptions(await tempDir(), 'workflows.ts', { clean: 'never' });
    await Toil.start(options, fanout, 2);
    await using toil = await Toil.open({ ...options, restart: true });
    await expect(toil.start(fanout, 2)).rejects.toThrow(ToilUsageError);
    await expect(toil.start(fanout, 2)).rejects.toThrow('call toil.restart() instead of toil.start()');
    expect(await toil.restart()).toBe(1);
  });
});

describe('Toil.main in a workflow file run with node', () => {
  it('runs the workflow from `node main-workflow.js <jobStore> --args`, printing the result as JSON', async () => {
    const dir = await tempDir();
    const result = await runNode([fixture('main-workflow.js'), './js', '--args', '[21]'], { cwd: dir });
    expect(result.stdout).toBe('42\n');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/Got message from job 'main\.double' \S+ at \S+: doubling 21/);
    expect(existsSync(join(dir, 'js'))).toBe(false);
  });

  it('takes toil options and --restart like toil run', async () => {
    const dir = await tempDir();
    const first = await runNode(
      [fixture('main-workflow.js'), './js', '--args', '[5]', '--clean', 'never', '--maxCores', '1'],
      { cwd: dir },
    );
    expect(first.stdout).toBe('10\n');
    const again = await runNode([fixture('main-workflow.js'), './js', '--restart'], { cwd: dir });
    expect(again.stdout).toBe('10\n');
    expect(again.code).toBe(0);
  });

  it('reports bad --args in one line', async () => {
    const dir = await tempDir();
    const result = await runNode([fixture('main-workflow.js'), './js', '--args', '[1, 2]'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(stackFrames(result.stderr)).toEqual([]);
    expect(errorLines(result.stderr)).toEqual([
      `toil: Invalid --args "[1, 2]": job 'main.double' takes 1 argument after its context, but 2 were given`,
    ]);
    expect(existsSync(join(dir, 'js'))).toBe(false);
  });

  it('the same file also runs through toil run, where the isMain guard keeps Toil.main quiet', async () => {
    const result = await toilRun('main-workflow.js', join(await tempDir(), 'js'), 'double', [8]);
    expect(result.stdout).toBe('16\n');
    expect(result.code).toBe(0);
  });
});
