/**
 * `toil kill` from another shell: a leader on this host gets SIGTERM and shuts its batch system down (its busy
 * workers die with their jobs); a leader "on another host" (its pid.log names another host) is stopped through the
 * job store's kill flag. Either way --restart then finishes the workflow. Nothing to kill is an error.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorLines, fixture, runToil, toilRun } from './helpers/cli.js';
import { processExists, startToil, waitUntil } from './helpers/background.js';
import { tempDir } from './helpers/temp.js';

/** Start the blocking fanout (4 blocked jobs, 2 at a time) and wait until two jobs are running. */
async function startBlocked(
  dir: string,
): Promise<{ store: string; leader: ReturnType<typeof startToil>; workerPids: number[]; args: string[] }> {
  const store = join(dir, 'js');
  const args = [
    'run',
    fixture('operate.ts'),
    store,
    '--job',
    'blockingFanout',
    '--args',
    JSON.stringify([dir, 4]),
    '--maxCores',
    '2',
  ];
  const leader = startToil(args);
  // Which two of the four run first depends on the order the leader issues them.
  const startedFiles = () => readdirSync(dir).filter((name) => name.startsWith('started-'));
  await waitUntil('two blocked jobs have started', () => startedFiles().length === 2);
  const started = startedFiles().map((name) => join(dir, name));
  return { store, leader, workerPids: started.map((f) => Number(readFileSync(f, 'utf8'))), args };
}

describe('toil kill', () => {
  it('SIGTERMs a leader on this host, which stops its running jobs and exits 143; --restart resumes', async () => {
    const dir = await tempDir();
    const { store, leader, workerPids, args } = await startBlocked(dir);
    expect(workerPids.every(processExists)).toBe(true);

    const started = Date.now();
    const kill = await runToil(['kill', store]);
    expect(kill.code, kill.stderr).toBe(0);
    expect(kill.stdout).toBe(
      `Toil process ${leader.child.pid} successfully terminated. The job store file:${store} is kept; run the workflow again with --restart to resume.\n`,
    );
    expect(kill.stderr).toContain(`Sent SIGTERM to the leader (pid ${leader.child.pid})`);
    const stopped = await leader.done;
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(stopped.code).toBe(143);
    expect(stopped.stderr).toContain(
      `toil: interrupted by SIGTERM. The job store ${store} is kept; run the same command with --restart to resume.`,
    );
    expect(stopped.stderr).toContain('Stopping the workflow: it was killed (SIGTERM).');
    // The batch system shut down: the workers that were running blocked jobs are gone.
    await waitUntil('the killed workers are gone', () => !workerPids.some(processExists), 5000);

    writeFileSync(join(dir, 'release'), '');
    const resumed = await runToil([...args, '--restart']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toBe(0 + 1 + 2 + 3);
  });

  it('writes the kill flag for a leader on another host; the leader polls it, stops its jobs and says how to resume', async () => {
    const dir = await tempDir();
    const { store, leader, workerPids, args } = await startBlocked(dir);
    // Make the leader look remote: kill cannot signal it and must go through the job store.
    const pidFile = join(store, 'shared', 'pid.log');
    writeFileSync(pidFile, JSON.stringify({ pid: leader.child.pid, host: 'another-host' }));

    const kill = await runToil(['kill', store]);
    expect(kill.code, kill.stderr).toBe(0);
    expect(kill.stdout).toBe(
      `Asked the leader (pid ${leader.child.pid} on another-host) to terminate: the kill flag is in the job store file:${store}, and a running leader checks it every 2 s.\n`,
    );
    const started = Date.now();
    const stopped = await leader.done;
    expect(Date.now() - started).toBeLessThan(8000);
    expect(stopped.code).toBe(1);
    expect(errorLines(stopped.stderr)).toEqual([
      `toil: The workflow was killed (toil kill from ${hostname()}). Its job store file:${store} is kept; run the same command with --restart to resume.`,
    ]);
    await waitUntil('the killed workers are gone', () => !workerPids.some(processExists), 5000);

    // The restarted leader clears the old flag instead of stopping at once.
    writeFileSync(join(dir, 'release'), '');
    const resumed = await runToil([...args, '--restart']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toBe(6);
  });

  it('refuses when there is nothing to kill: a finished workflow, a failed one', async () => {
    const dir = await tempDir();
    const done = join(dir, 'done');
    expect((await toilRun('workflows.ts', done, 'hello', ['a'], ['--clean', 'never'])).code).toBe(0);
    const finished = await runToil(['kill', done]);
    expect(finished.code).toBe(1);
    expect(errorLines(finished.stderr)).toEqual([
      `toil: Nothing to kill: The workflow in file:${done} has COMPLETED: its root job is gone, so every job finished.`,
    ]);

    const failedStore = join(dir, 'failed');
    expect((await toilRun('operate.ts', failedStore, 'failingFanout', [], ['--logLevel', 'ERROR'])).code).toBe(1);
    const failed = await runToil(['kill', failedStore]);
    expect(failed.code).toBe(1);
    expect(errorLines(failed.stderr)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^toil: Nothing to kill: The workflow in file:${failedStore} is STOPPED \\(leader pid \\d+ on ${hostname()}\\): its leader is not running`,
        ),
      ),
    ]);
  });
});
