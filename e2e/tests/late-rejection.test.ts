/**
 * A promise rejection a job leaves behind, firing after that job returned, is that job's doing: the next job on
 * the same warm worker (or chained after it) is not failed for it and keeps its retries; the leader warns, naming
 * the job that left it. A rejection that fires while its own job runs still fails that job.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorLines, toilRun } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

// --retryCount 0: a job blamed for the rejection would fail the workflow at once.
const STRICT = ['--retryCount', '0', '--maxCores', '1'];

describe('a rejection that fires after its job returned', () => {
  it.each([
    ['on the next job of the same warm worker', 'separate', 'late.leaky', 'leaky'],
    ['on the job chained after it', 'leakyParent', 'late.leakyParent', 'leakyParent'],
  ])('does not fail the job running %s, and names the job that left it', async (_how, job, culprit, who) => {
    const dir = await tempDir();
    const result = await toilRun('late-rejection.ts', join(dir, 'js'), job, [dir], STRICT);
    expect(result.stdout, result.stderr).toBe('"b after a"\n');
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(/late\.victim' \S+ failed/);
    expect(result.stderr).not.toContain('The worker process died');
    // Ran once: its worker was not killed under it (a chained job would otherwise be rerun silently).
    expect((await readFile(join(dir, 'victim-runs'), 'utf8')).trim().split('\n')).toHaveLength(1);
    const warning = new RegExp(
      `WARNING toil: Job '${culprit.replace('.', '\\.')}' \\S+ left an unhandled promise rejection after it returned: Error: late failure of ${who}`,
    );
    expect(result.stderr).toMatch(warning);
  });

  it('fails the job whose own rejection fires while it runs, with the error in its log', async () => {
    const dir = await tempDir();
    const result = await toilRun('late-rejection.ts', join(dir, 'js'), 'selfish', [dir], STRICT);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Error: late failure of selfish');
    expect(errorLines(result.stderr)).toEqual([
      expect.stringMatching(/^toil: The workflow failed: 1 job\(s\) ran out of retries \('late\.selfish' /),
    ]);
  });
});
