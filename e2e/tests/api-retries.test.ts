/**
 * Retries: a job that fails its first attempt succeeds on the retry (default --retryCount 1) and its failed log is
 * shown; a job that always fails fails the workflow and keeps the job store; a worker process that dies in a job
 * costs only that attempt.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorLines, stackFrames, toilRun } from './helpers/cli.js';
import { listJobs } from './helpers/store.js';
import { tempDir } from './helpers/temp.js';

/** The lines of the first `---TOIL WORKER OUTPUT LOG---` block on stderr. */
function firstWorkerLog(stderr: string): string[] {
  const lines = stderr.split('\n');
  const start = lines.findIndex((l) => l.endsWith('---TOIL WORKER OUTPUT LOG---'));
  const end = lines.indexOf('---END OF LOG---', start);
  expect(start, stderr).toBeGreaterThanOrEqual(0);
  expect(end, stderr).toBeGreaterThan(start);
  return lines.slice(start + 1, end);
}

describe('retries', () => {
  it('retries a job that fails its first attempt, and prints the failed attempt log prefixed with the job id', async () => {
    const dir = await tempDir();
    const result = await toilRun('retries.ts', join(dir, 'js'), 'flakyOnce', [dir]);
    expect(result.stdout).toBe('"recovered"\n');
    expect(result.code).toBe(0);
    const failure = /WARNING toil: Job 'retry\.flakyOnce' (job\w+) failed; 1 try left\. Its log:/.exec(result.stderr);
    expect(failure, result.stderr).not.toBeNull();
    const jobId = failure![1];
    const log = firstWorkerLog(result.stderr);
    // Every line of the block carries the job's id, as in Toil.
    expect(log.every((l) => l.startsWith(`${jobId}    `))).toBe(true);
    const body = log.map((l) => l.slice(jobId.length + 4));
    expect(body).toContainEqual(
      expect.stringMatching(new RegExp(`^Job 'retry\\.flakyOnce' ${jobId} failed on host pid \\d+:$`)),
    );
    expect(body).toContain('Error: the first attempt fails on purpose');
    // What the job wrote to stderr in its worker is part of the log.
    expect(body).toContain('worker stderr before the failure');
    expect(result.stderr).toMatch(/Got message from job 'retry\.flakyOnce' \S+ at \S+: second attempt worked/);
  });

  it('fails the workflow when a job fails every try, naming it, and keeps the job store for --restart', async () => {
    const dir = await tempDir();
    const store = join(dir, 'js');
    const result = await toilRun('retries.ts', store, 'parentOfFailure', [], ['--retryCount', '2']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const lines = errorLines(result.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^toil: The workflow failed: 1 job\\(s\\) ran out of retries \\('retry\\.alwaysFails' job\\w+\\)\\. Fix the cause and run again with --restart to resume from the job store file:${store}\\.$`,
      ),
    );
    // Three tries (1 + --retryCount 2), each with its log.
    expect(result.stderr.match(/Error: this job always fails/g)).toHaveLength(3);
    expect(result.stderr).toMatch(/Job 'retry\.alwaysFails' job\w+ failed with no retries left\./);
    // The leader's own output has no stack: frames appear only inside the job's log, prefixed with its id.
    expect(stackFrames(result.stderr)).toEqual([]);
    const jobs = await listJobs(`file:${store}`);
    expect(jobs.map((j) => [j.name, j.remainingTries]).sort()).toEqual([
      ['retry.alwaysFails', 0],
      ['retry.parentOfFailure', 3],
    ]);
  });

  it.each([
    ['exit', 'The worker process died (exit code 3) while running the job.'],
    ['kill', 'The worker process died (signal SIGKILL) while running the job.'],
  ])(
    'retries a job whose worker dies (%s) on its first attempt, and the workflow succeeds',
    async (how, explanation) => {
      const dir = await tempDir();
      const result = await toilRun('retries.ts', join(dir, 'js'), 'dies', [dir, how]);
      expect(result.stdout).toBe(`"survived ${how}"\n`);
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/WARNING toil: Job 'retry\.dies' job\w+ failed; 1 try left\./);
      expect(firstWorkerLog(result.stderr).join('\n')).toContain(explanation);
    },
  );
});
