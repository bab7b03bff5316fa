/**
 * kill -9 of a worker process in the middle of a job: only that attempt is lost; the job is retried and the
 * workflow succeeds, and the retry is visible in the leader's log.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  childrenOf,
  countIndices,
  crashFixture,
  e2eDir,
  runToil,
  startToil,
  sumOfSquares,
  taggedProcesses,
  waitFor,
} from './crash-helpers.js';

describe('kill -9 of a worker mid-job', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'toil-crash-worker-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a job that SIGKILLs its own worker is retried, and the workflow succeeds', async () => {
    const marker = join(dir, 'self-kill.marker');
    const tag = randomUUID();
    const run = await runToil(
      [crashFixture, join(dir, 'js-self'), '--job', 'killsItselfOnce', '--args', JSON.stringify([marker])],
      tag,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toBe('survived a SIGKILL of its worker');
    expect(existsSync(marker)).toBe(true);
    // The first attempt is reported as a failed try of that job, naming the signal.
    expect(run.stderr).toMatch(/Job 'killsItselfOnce' \S+ failed; 1 try left/);
    expect(run.stderr).toMatch(/SIGKILL/);
    expect(taggedProcesses(tag)).toEqual([]);
  });

  it('a worker that cannot load the workflow: the failure report shows why, not "probably killed"', async () => {
    const tag = randomUUID();
    const run = await runToil(
      [resolve(e2eDir, 'fixtures/crash-load.ts'), join(dir, 'js-load'), '--job', 'unloadable'],
      tag,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/The worker could not run the job: .*this module refuses to load on a worker/);
    expect(run.stderr).not.toMatch(/probably killed/);
    expect(run.stderr).toMatch(/Job 'unloadable' \S+ failed; no tries left/);
    expect(taggedProcesses(tag)).toEqual([]);
  });

  it('a worker killed from outside while a slow job runs: the job reruns and the workflow succeeds', async () => {
    const marker = join(dir, 'slow.marker');
    const tag = randomUUID();
    const started = Date.now();
    const leader = startToil(
      [crashFixture, join(dir, 'js-slow'), '--job', 'slowOnce', '--args', JSON.stringify([marker, 60_000])],
      tag,
    );
    const workerPid = await waitFor(
      () => (existsSync(marker) ? Number(readFileSync(marker, 'utf8')) || undefined : undefined),
      30_000,
    );
    expect(workerPid, 'the slow job never started').toBeGreaterThan(0);
    // The job runs in a child process of the leader (a warm worker), not in the leader itself.
    expect(childrenOf(leader.child.pid!)).toContain(workerPid);
    process.kill(workerPid!, 'SIGKILL');
    const end = await leader.ended;
    expect(end.code, end.stderr).toBe(0);
    expect(JSON.parse(end.stdout)).toBe('retry');
    expect(Date.now() - started).toBeLessThan(50_000);
    expect(end.stderr).toMatch(/Job 'slowOnce' \S+ failed; 1 try left/);
    expect(taggedProcesses(tag)).toEqual([]);
  });

  it('workers killed from outside at random during a fanout: every child runs, the sum is right', async () => {
    const n = 300;
    const log = join(dir, 'fanout.log');
    const tag = randomUUID();
    // Kills spread over the run; each costs at most the jobs on the killed worker, which are retried
    // (--retryCount 3 so that one child unlucky enough to be hit twice still has tries left).
    const leader = startToil(
      [
        crashFixture,
        join(dir, 'js-fanout'),
        '--job',
        'slowFanout',
        '--args',
        JSON.stringify([n, log, 20]),
        '--retryCount',
        '3',
      ],
      tag,
    );
    let kills = 0;
    let running = true;
    void leader.ended.then(() => (running = false));
    // Kill only once children run: before that the one busy worker hosts the root job, and killing it over and
    // over would just use up the root's tries.
    await waitFor(() => existsSync(log) || !running, 60_000);
    while (running && kills < 5) {
      await sleep(300 + Math.random() * 300);
      if (!running) break;
      const workers = childrenOf(leader.child.pid!).filter((pid) => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('worker-process.js');
        } catch {
          return false;
        }
      });
      if (!workers.length) continue;
      try {
        process.kill(workers[Math.floor(Math.random() * workers.length)], 'SIGKILL');
        kills++;
      } catch {
        // It exited on its own just now.
      }
    }
    const end = await leader.ended;
    expect(end.code, end.stderr.slice(-3000)).toBe(0);
    expect(end.stdout.trim()).toBe(String(sumOfSquares(n)));
    expect(kills).toBeGreaterThanOrEqual(3);
    const counts = countIndices(readFileSync(log, 'utf8'), n);
    expect(counts.filter((c) => c === 0)).toEqual([]);
    expect(await waitFor(() => taggedProcesses(tag).length === 0, 5000)).toBe(true);
  });
});
