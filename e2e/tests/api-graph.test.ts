/**
 * Job graphs built with the user's API, run for real (file job store, single_machine): chaining on handles,
 * promises with paths, jobs that return promises, shared successors, dynamic growth, and graphs that the worker
 * must refuse to save.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FailedJobsError, Toil } from '@toil/core';
import { chain, diamond, paths, promised, promisedTwice, siblingPromise, tree, useNested } from '../fixtures/graph.js';
import { apiOptions } from './helpers/api.js';
import { errorLines, toilRun } from './helpers/cli.js';
import { listJobs } from './helpers/store.js';
import { tempDir } from './helpers/temp.js';

describe('job graphs through the API', () => {
  it('runs a child of a child, its follow-on, then the root follow-on, in that order', async () => {
    const result = await Toil.start(apiOptions(await tempDir(), 'graph.ts'), chain);
    expect(result).toEqual(['a', 'b', 'c', 'root follow-on']);
  });

  it('resolves rv() of the whole value, a key, an index, deeper paths and Map keys', async () => {
    const result = await Toil.start(apiOptions(await tempDir(), 'graph.ts'), paths);
    expect(result).toEqual({
      whole: {
        total: 42,
        parts: [1, 2, 3],
        nested: { deep: { word: 'found' } },
        byName: new Map([['x', 'from a map']]),
      },
      total: 42,
      parts: [1, 2, 3],
      secondPart: 2,
      word: 'found',
      fromMap: 'from a map',
      missing: undefined,
      left: 'left',
      right: 'right',
    });
    expect((result as { whole: { byName: unknown } }).whole.byName).toBeInstanceOf(Map);
  });

  it('resolves promises nested inside a returned object, array and Map', async () => {
    const result = await Toil.start(apiOptions(await tempDir(), 'graph.ts'), useNested, 3);
    const whole = { n: 3, sums: [0, 2, 4], byName: new Map([['first', 0]]), total: 6 };
    expect(result).toEqual({ whole, total: 6 });
  });

  it('resolves a job that returns rv() of its follow-on, also two levels deep', async () => {
    const dir = await tempDir();
    // Children compute i + i for i < 5; the follow-on adds them: 0 + 2 + 4 + 6 + 8.
    expect(await Toil.start(apiOptions(dir, 'graph.ts', { jobStore: join(dir, 'one') }), promised, 5)).toBe(20);
    expect(await Toil.start(apiOptions(dir, 'graph.ts', { jobStore: join(dir, 'two') }), promisedTwice, 5)).toBe(20);
  });

  it('prints the resolved value of a promise-returning root job on the CLI', async () => {
    const result = await toilRun('graph.ts', join(await tempDir(), 'js'), 'promised', [4]);
    expect(result.stdout).toBe('12\n');
    expect(result.code).toBe(0);
  });

  it('runs a job with two predecessors once, after both, with both of their values', async () => {
    const result = await Toil.start(apiOptions(await tempDir(), 'graph.ts'), diamond);
    expect(result).toEqual({ join: { left: ['a'], right: ['b'], ranAt: expect.any(Number) } });
  });

  it('grows a binary tree of depth 5 at run time: 2^6 - 1 jobs, each reporting its own node', async () => {
    const depth = 5;
    const result = await Toil.start(apiOptions(await tempDir(), 'graph.ts'), tree, depth, 'r');
    const expected: string[] = [];
    const walk = (path: string, d: number) => {
      expected.push(path);
      if (d > 0) for (const side of ['0', '1']) walk(path + side, d - 1);
    };
    walk('r', depth);
    expect(result).toHaveLength(2 ** (depth + 1) - 1);
    expect([...result].sort()).toEqual(expected.sort());
  });

  it('refuses to save a cycle made with an extra edge, with a JobGraphError naming the jobs', async () => {
    const dir = await tempDir();
    const store = join(dir, 'js');
    const result = await toilRun('graph.ts', store, 'cycle', [], ['--retryCount', '0']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "JobGraphError: The job graph has a cycle through 'graph.step' and 'graph.step'. Jobs must form a DAG.",
    );
    expect(errorLines(result.stderr)).toEqual([
      expect.stringMatching(/^toil: The workflow failed: 1 job\(s\) ran out of retries \('graph\.cycle' /),
    ]);
    // Nothing the failed run built was saved: only the root remains, ready for a fixed rerun.
    expect((await listJobs(`file:${store}`)).map((j) => j.name)).toEqual(['graph.cycle']);
  });

  it('refuses a promise passed to a sibling of its promisor, which may run first', async () => {
    const dir = await tempDir();
    const store = join(dir, 'js');
    const result = await toilRun('graph.ts', store, 'siblingPromise', [], ['--retryCount', '0']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "JobGraphError: Job 'graph.record' cannot promise its return value to 'graph.show', which may run before it. Pass rv() only to successors of the promising job",
    );
    expect((await listJobs(`file:${store}`)).map((j) => j.name)).toEqual(['graph.siblingPromise']);
  });

  it('rejects a failed graph through the API with FailedJobsError naming the job', async () => {
    const dir = await tempDir();
    const run = Toil.start(apiOptions(dir, 'graph.ts', { retryCount: 0, logLevel: 'OFF' }), siblingPromise);
    await expect(run).rejects.toBeInstanceOf(FailedJobsError);
    await expect(run).rejects.toThrow(/'graph\.siblingPromise'/);
  });
});
