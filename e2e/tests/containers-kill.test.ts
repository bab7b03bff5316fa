/**
 * A job killed while its container runs leaves no container behind: `toil kill`, --maxJobDuration and a kill -9
 * of the worker all end the worker with SIGKILL, so the container is removed by the deferred call dockerCall
 * registered before starting it, run by the next worker on the node or by the leader when the workflow ends.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, runToil, toilRun } from './helpers/cli.js';
import { processExists, startToil, waitUntil } from './helpers/background.js';
import { labelled, testLabel } from './helpers/containers.js';
import { tempDir } from './helpers/temp.js';

/** Wait until the test's container is running. */
async function waitForRunning(label: string): Promise<void> {
  await waitUntil(
    `a container labelled ${label} is running`,
    async () => (await labelled(label)).some((c) => c.state === 'running'),
    60_000,
  );
}

describe('containers of killed jobs', () => {
  it('toil kill: the leader stops and no container of the job is left', async () => {
    const dir = await tempDir();
    const label = testLabel('toil-kill');
    const store = join(dir, 'js');
    const leader = startToil([
      'run',
      fixture('containers.ts'),
      store,
      '--job',
      'sleeper',
      '--args',
      JSON.stringify([label, '']),
    ]);
    await waitForRunning(label);
    const kill = await runToil(['kill', store]);
    expect(kill.code, kill.stderr).toBe(0);
    const stopped = await leader.done;
    expect(stopped.code).toBe(143);
    expect(stopped.stderr).toMatch(/Ran the deferred functions of 1 job run\(s\) whose worker was killed/);
    expect(await labelled(label)).toEqual([]);
  });

  it('--maxJobDuration: the over-long job is killed and its container removed', async () => {
    const dir = await tempDir();
    const label = testLabel('max-duration');
    const started = Date.now();
    const result = await toilRun(
      'containers.ts',
      join(dir, 'js'),
      'sleeper',
      [label, ''],
      ['--maxJobDuration', '3', '--retryCount', '0'],
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/ran for \d+\.\d s, longer than --maxJobDuration 3 s, and was killed/);
    expect(await labelled(label)).toEqual([]);
    // The container would have slept for 300 s.
    expect(Date.now() - started).toBeLessThan(90_000);
  });

  it('kill -9 of the worker: the next worker reaps its container before running the retry', async () => {
    const dir = await tempDir();
    const label = testLabel('kill-9');
    const marker = join(dir, 'worker-pid');
    const store = join(dir, 'js');
    const leader = startToil([
      'run',
      fixture('containers.ts'),
      store,
      '--job',
      'sleeper',
      '--args',
      JSON.stringify([label, marker]),
    ]);
    await waitForRunning(label);
    const worker = Number(readFileSync(marker, 'utf8'));
    expect(processExists(worker)).toBe(true);
    process.kill(worker, 'SIGKILL');
    const result = await leader.done;
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toBe('retried');
    expect(await labelled(label)).toEqual([]);
    // The retry's worker ran the killed worker's cleanup, not the leader at the end.
    expect(result.stderr).not.toMatch(/Ran the deferred functions/);
  });

  it('kill -9 of the leader: its worker exits with the IPC channel and removes the container on the way out', async () => {
    const dir = await tempDir();
    const label = testLabel('leader-kill-9');
    const marker = join(dir, 'worker-pid');
    const args = ['run', fixture('containers.ts'), join(dir, 'js'), '--job', 'sleeper', '--args'];
    const leader = startToil([...args, JSON.stringify([label, marker])]);
    await waitForRunning(label);
    const worker = Number(readFileSync(marker, 'utf8'));
    leader.child.kill('SIGKILL');
    await leader.done;
    await waitUntil('the worker has exited', () => !processExists(worker), 30_000);
    // No later worker or leader runs on this workflow: the worker's own exit handler is all there is.
    expect(await labelled(label)).toEqual([]);
  });
});
