/** --maxServiceJobs: at most that many services run at once; a job needing more than that is a deadlock. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorLines, toilRun } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

describe('--maxServiceJobs', () => {
  it('runs the services of two clients one after the other with --maxServiceJobs 1', async () => {
    const dir = await tempDir();
    const result = await toilRun(
      'services.ts',
      join(dir, 'js'),
      'twoClients',
      [dir],
      ['--maxServiceJobs', '1', '--maxCores', '2'],
    );
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(['first', 'second']);
    const events = (await readFile(join(dir, 'events.log'), 'utf8'))
      .split('\n')
      .filter((l) => /started|stopping/.test(l));
    // Never two services up at once: every start is followed by that service's stop before the next start.
    expect(events).toHaveLength(4);
    const [firstStarted, firstStopping, secondStarted, secondStopping] = events;
    expect(firstStopping).toBe(firstStarted.replace('started', 'stopping'));
    expect(secondStopping).toBe(secondStarted.replace('started', 'stopping'));
  });

  it('reports a deadlock when one job needs more services than --maxServiceJobs allows', async () => {
    const dir = await tempDir();
    const result = await toilRun(
      'services.ts',
      join(dir, 'js'),
      'twoServicesOneJob',
      [dir],
      ['--maxServiceJobs', '1', '--deadlockWait', '2', '--deadlockCheckInterval', '1'],
      { timeoutMs: 30_000 },
    );
    expect(result.signal).toBeNull();
    expect(result.code).toBe(1);
    expect(errorLines(result.stderr)).toEqual([
      expect.stringMatching(/^toil: The workflow is deadlocked: .*only services \(1\) have run while 1 job\(s\) wait/),
    ]);
  });
});
