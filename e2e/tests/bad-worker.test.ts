/**
 * --badWorker chaos: workers are SIGKILLed at random moments of their jobs (running, committing, chaining); every
 * killed attempt is retried and the workflow still gets the exact result.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toilRun } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

describe('--badWorker', () => {
  it('finishes a 300-job fanout with the right sum while a third of the worker runs are killed', async () => {
    const dir = await tempDir();
    const n = 300;
    const result = await toilRun(
      'workflows.ts',
      join(dir, 'js'),
      'fanout',
      [n],
      ['--badWorker', '0.3', '--badWorkerFailInterval', '0.005', '--retryCount', '30'],
      { timeoutMs: 300_000 },
    );
    expect(result.code, result.stderr.slice(-2000)).toBe(0);
    expect(JSON.parse(result.stdout)).toBe(((n - 1) * n * (2 * n - 1)) / 6);
    // Kills really happened: the leader reported workers that died by signal.
    expect((result.stderr.match(/signal SIGKILL/g) ?? []).length).toBeGreaterThan(10);
  });
});
