/**
 * A job kind defined inside another job's body exists only in the worker that ran that body, so its jobs ran or
 * failed depending on which warm worker picked them up. Adding such a job is refused in the body that adds it,
 * with a message that says to define jobs at module top level; jobs made by a factory at top level still work.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorLines, toilRun } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

describe('where jobs are defined', () => {
  it('refuses a child whose job was defined inside the parent job, naming both and saying where to define it', async () => {
    const dir = await tempDir();
    const result = await toilRun('nested-define.ts', join(dir, 'js'), 'outer', [4], ['--retryCount', '0']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      "Job 'nested.outer' adds the job 'nested.inner', which was not defined when the workflow module loaded (defineJob inside a job's body?), so a worker that has not run that code cannot run it. Define jobs with defineJob at module top level.",
    );
    expect(errorLines(result.stderr)).toEqual([
      expect.stringMatching(/^toil: The workflow failed: 1 job\(s\) ran out of retries \('nested\.outer' /),
    ]);
  });

  it('runs jobs that a factory defines at module top level', async () => {
    const dir = await tempDir();
    const result = await toilRun('nested-define.ts', join(dir, 'js'), 'fine', [4]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toBe(60);
  });
});
