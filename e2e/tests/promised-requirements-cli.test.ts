/**
 * Promised requirements through the real CLI on single_machine: the job runs with, and sees in
 * `ctx.requirements`, the memory computed from an earlier job's file; a requirement function that throws ends the
 * run with one line naming the job, no stack trace.
 */
import { describe, expect, it } from 'vitest';
import { errorLines, stackFrames, toilRun } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';
import { join } from 'node:path';

describe('promisedRequirement through toil run (single_machine)', () => {
  it("the consumer gets twice the producer's file size as memory, and ctx.requirements says so", async () => {
    const dir = await tempDir();
    const result = await toilRun(
      'promised-requirements.ts',
      join(dir, 'js'),
      'sized',
      [123_456],
      ['--maxMemory', '1G'],
    );
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      size: 123_456,
      cores: 0.5,
      memory: 246_912,
      disk: 2 * 1024 ** 3,
      accelerators: [],
      preemptible: false,
    });
  });

  it('a requirement function that throws: exit 1, one line naming the job and the function, no stack trace', async () => {
    const dir = await tempDir();
    const result = await toilRun('promised-requirements.ts', join(dir, 'js'), 'badlySized', [], ['--maxMemory', '1G']);
    expect(result.code).toBe(1);
    expect(stackFrames(result.stderr), result.stderr).toEqual([]);
    const lines = errorLines(result.stderr);
    expect(lines, result.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^toil: The promised memory of job 'report' \S+ could not be computed: requirement function 'refuse' threw: no size for 10 bytes$/,
    );
  });
});
