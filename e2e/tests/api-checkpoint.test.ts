/**
 * Checkpoint jobs: when a job below a checkpoint runs out of retries, the checkpoint's subtree is deleted and the
 * checkpoint runs again, while it has tries left (Toil: "until it itself has exhausted its retry attempts").
 * Marker files in a temp dir count the attempts across worker processes.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Toil } from '@toil/core';
import { main } from '../fixtures/checkpoint.js';
import { apiOptions } from './helpers/api.js';
import { errorLines, toilRun } from './helpers/cli.js';
import { listJobs } from './helpers/store.js';
import { tempDir } from './helpers/temp.js';

async function count(dir: string, name: string): Promise<number> {
  return (await readFile(join(dir, name), 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
}

describe('checkpoint jobs', () => {
  it('reruns the checkpoint when its child exhausts its retries, and the rerun child succeeds', async () => {
    const dir = await tempDir();
    // --retryCount 1: the child fails both of its tries, the checkpoint (2 tries) reruns once and makes a new child.
    const result = await Toil.start(apiOptions(dir, 'checkpoint.ts', { retryCount: 1, logLevel: 'OFF' }), main, dir, 2);
    expect(result).toBe('flaky succeeded on attempt 3');
    expect(await count(dir, 'flaky-attempts')).toBe(3);
    expect(await count(dir, 'checkpoint-runs')).toBe(2);
    // Only the subtree reran: the job above the checkpoint ran once.
    expect(await count(dir, 'main-runs')).toBe(1);
  });

  it('says on stderr that the checkpoint is rerun, naming the failed job and the checkpoint', async () => {
    const dir = await tempDir();
    const result = await toilRun('checkpoint.ts', join(dir, 'js'), 'main', [dir, 2], ['--retryCount', '1']);
    expect(result.stdout).toBe('"flaky succeeded on attempt 3"\n');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /Job 'ckpt\.flaky' failed below checkpoint 'ckpt\.checkpointed' \S+; rerunning the checkpoint\./,
    );
  });

  it('with --retryCount 0 fails without rerunning the checkpoint; --restart reruns the checkpoint and finishes', async () => {
    // The brief expected a rerun here; in Toil a checkpoint is rerun during a run only while it has retries of
    // its own (checkpointTest.testCheckpointNotRetried), and --retryCount 0 gives it none. A restart, though,
    // reruns every checkpoint that had started (Toil's jobStore.clean), with its subtree deleted.
    const dir = await tempDir();
    const store = join(dir, 'js');
    const failed = await toilRun('checkpoint.ts', store, 'main', [dir, 1], ['--retryCount', '0']);
    expect(failed.code).toBe(1);
    expect(errorLines(failed.stderr)).toEqual([
      expect.stringMatching(/^toil: The workflow failed: 1 job\(s\) ran out of retries \('ckpt\.flaky' /),
    ]);
    expect(await count(dir, 'checkpoint-runs')).toBe(1);
    expect((await listJobs(`file:${store}`)).map((j) => j.name).sort()).toEqual([
      'ckpt.checkpointed',
      'ckpt.flaky',
      'ckpt.main',
    ]);

    const restarted = await toilRun('checkpoint.ts', store, 'main', [dir, 1], ['--restart']);
    expect(restarted.stdout).toBe('"flaky succeeded on attempt 2"\n');
    expect(restarted.code).toBe(0);
    expect(restarted.stderr).toMatch(/Restarting checkpoint job 'ckpt\.checkpointed' \S+: its subtree is rerun\./);
    expect(await count(dir, 'checkpoint-runs')).toBe(2);
    expect(await count(dir, 'main-runs')).toBe(1);
  });
});
