/**
 * One leader per job store: two `toil run` racing on a new store, `--restart`, `toil clean` and `toil debug-job`
 * while a leader runs are refused naming it; a killed leader's lock is taken over by the next `--restart`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorLines, fixture, runToil, stackFrames } from './helpers/cli.js';
import { startToil, waitForFiles, waitUntil, type Background } from './helpers/background.js';
import { tempDir } from './helpers/temp.js';

const N = 4;
/** Σ i² for i < N. */
const EXPECTED = 14;

function startHeld(store: string, dir: string, extra: string[] = []): Background {
  return startToil([
    'run',
    fixture('lock.ts'),
    store,
    '--job',
    'heldFanout',
    '--args',
    JSON.stringify([dir, N]),
    '--disableProgress',
    ...extra,
  ]);
}

function runs(dir: string): number[] {
  const path = join(dir, 'runs.log');
  return existsSync(path) ? readFileSync(path, 'utf8').trim().split('\n').map(Number).sort() : [];
}

const allStarted = (dir: string) => Array.from({ length: N }, (_, i) => join(dir, `started-${i}`));

describe('one leader per job store', () => {
  it('of two toil run started together on one new store, exactly one runs and every job runs once (8 trials)', async () => {
    for (let trial = 0; trial < 8; trial++) {
      const dir = await tempDir();
      const store = join(dir, 'js');
      const pair = [startHeld(store, dir), startHeld(store, dir)];
      // The loser ends on its own; the winner waits for the release file.
      const loser = await Promise.race(pair.map((b, i) => b.done.then((r) => ({ i, r }))));
      const winner = pair[1 - loser.i]!;
      expect(loser.r.code, loser.r.stderr).not.toBe(0);
      expect(stackFrames(loser.r.stderr)).toEqual([]);
      const lines = errorLines(loser.r.stderr);
      expect(lines).toEqual([
        expect.stringContaining(`is in use by the leader pid ${winner.child.pid} on host ${hostname()}`),
      ]);
      expect(lines[0]).not.toContain('--restart');
      await waitForFiles(allStarted(dir));
      writeFileSync(join(dir, 'release'), '');
      const won = await winner.done;
      expect(won.code, won.stderr).toBe(0);
      expect(JSON.parse(won.stdout)).toBe(EXPECTED);
      expect(runs(dir)).toEqual([0, 1, 2, 3]);
    }
  }, 180_000);

  it('refuses --restart, toil clean and toil debug-job while the leader runs, naming it; the workflow is unharmed', async () => {
    const dir = await tempDir();
    const store = join(dir, 'js');
    const leader = startHeld(store, dir);
    await waitForFiles(allStarted(dir));
    const named = `is in use by the leader pid ${leader.child.pid} on host ${hostname()}`;
    const restart = await runToil(['run', fixture('lock.ts'), store, '--job', 'heldFanout', '--restart']);
    expect(restart.code).not.toBe(0);
    expect(errorLines(restart.stderr)).toEqual([expect.stringContaining(named)]);
    expect(restart.stderr).not.toContain('--restart');
    const clean = await runToil(['clean', store]);
    expect(clean.code).not.toBe(0);
    expect(errorLines(clean.stderr)).toEqual([expect.stringContaining(named)]);
    expect(existsSync(join(store, 'shared', 'config.json'))).toBe(true);
    const debug = await runToil(['debug-job', store, 'lock.heldSum']);
    expect(debug.code).not.toBe(0);
    expect(errorLines(debug.stderr)).toEqual([expect.stringContaining(named)]);
    writeFileSync(join(dir, 'release'), '');
    const done = await leader.done;
    expect(done.code, done.stderr).toBe(0);
    expect(JSON.parse(done.stdout)).toBe(EXPECTED);
    expect(runs(dir)).toEqual([0, 1, 2, 3]);
    expect(existsSync(store)).toBe(false);
  }, 120_000);

  it('a --restart after the leader was killed with -9 takes its lock over with a message and finishes', async () => {
    const dir = await tempDir();
    const store = join(dir, 'js');
    const leader = startHeld(store, dir);
    await waitForFiles(allStarted(dir));
    const pid = leader.child.pid!;
    leader.child.kill('SIGKILL');
    await leader.done;
    expect(JSON.parse(readFileSync(join(store, 'shared', 'leader.lock'), 'utf8'))).toMatchObject({
      pid,
      purpose: 'run',
    });
    writeFileSync(join(dir, 'release'), '');
    const restarted = await runToil([
      'run',
      fixture('lock.ts'),
      store,
      '--job',
      'heldFanout',
      '--restart',
      '--disableProgress',
    ]);
    expect(restarted.code, restarted.stderr).toBe(0);
    expect(JSON.parse(restarted.stdout)).toBe(EXPECTED);
    expect(restarted.stderr).toContain(
      `Taking over the job store file:${store} from its previous leader (pid ${pid} on ${hostname()}`,
    );
    expect(existsSync(store)).toBe(false);
  }, 120_000);

  it("toil clean takes over a dead leader's lock and deletes the store", async () => {
    const dir = await tempDir();
    const store = join(dir, 'js');
    const leader = startHeld(store, dir, ['--clean', 'never']);
    await waitForFiles(allStarted(dir));
    leader.child.kill('SIGKILL');
    await leader.done;
    await waitUntil('the lock file is there', () => existsSync(join(store, 'shared', 'leader.lock')));
    const clean = await runToil(['clean', store]);
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stderr).toContain('Taking over the job store');
    expect(clean.stderr).toContain(`Deleted the job store file:${store}`);
    expect(existsSync(store)).toBe(false);
  }, 120_000);
});
