/** --maxJobDuration: a job running longer is killed and counted as a failed attempt, then retried. */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { errorLines, toilRun } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

describe('--maxJobDuration', () => {
  it('kills an over-long attempt and retries it', async () => {
    const dir = await tempDir();
    const started = Date.now();
    const result = await toilRun('duration.ts', join(dir, 'js'), 'hangsOnce', [dir], ['--maxJobDuration', '1']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toBe('finished on a later attempt');
    expect(result.stderr).toMatch(/ran for \d+\.\d s, longer than --maxJobDuration 1 s, and was killed/);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('fails the workflow when every attempt runs over', async () => {
    const dir = await tempDir();
    const result = await toilRun(
      'duration.ts',
      join(dir, 'js'),
      'hangs',
      [],
      ['--maxJobDuration', '1', '--retryCount', '0'],
    );
    expect(result.code).toBe(1);
    expect(errorLines(result.stderr)).toEqual([
      expect.stringMatching(/^toil: The workflow failed: 1 job\(s\) ran out of retries \('duration\.hangs' /),
    ]);
  });
});
