/**
 * kill -9 of the leader at random moments of a fanout, then `toil run ... --restart` with the same command line:
 * every trial must end with the right sum, every child's side effect must have happened at least once, and no
 * process of the killed leader may outlive it by more than a few seconds.
 *
 * Delays are stratified: trial t is killed at a random moment inside the t-th of TRIALS equal slices of
 * [50 ms, 90% of a clean run], so the trials cover start-up, the fanout, and the final sum. Set CRASH_SEED to
 * replay a failing sequence (the seed is printed).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countIndices,
  crashFixture,
  runToil,
  startToil,
  sumOfSquares,
  taggedProcesses,
  waitFor,
} from './crash-helpers.js';

const N = Number(process.env.CRASH_N ?? 2000);
const TRIALS = Number(process.env.CRASH_TRIALS ?? 20);
const SEED = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
/** How long the processes of a killed leader may take to notice and exit. */
const ORPHAN_GRACE_MS = 5000;

/** mulberry32: a tiny seeded PRNG, so a failing delay sequence can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe(`kill -9 of the leader during a ${N}-job fanout, then --restart`, () => {
  let dir: string;
  let cleanRunMs = 0;
  const args = (jobStore: string, log: string) => [
    crashFixture,
    jobStore,
    '--job',
    'loggedFanout',
    '--args',
    JSON.stringify([N, log]),
  ];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'toil-crash-leader-'));
    // A clean run: its duration spreads the kill moments, and it shows the side-effect log is exact without kills.
    const tag = randomUUID();
    const log = join(dir, 'clean.log');
    const started = Date.now();
    const clean = await runToil(args(join(dir, 'clean-js'), log), tag);
    cleanRunMs = Date.now() - started;
    expect(clean.code, clean.stderr.slice(-2000)).toBe(0);
    expect(clean.stdout.trim()).toBe(String(sumOfSquares(N)));
    expect(countIndices(readFileSync(log, 'utf8'), N).every((c) => c === 1)).toBe(true);
    console.log(`clean run of ${N + 2} jobs: ${cleanRunMs} ms; seed ${SEED}`);
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a leader killed between creating the job store and saving the root job: --restart explains, a rerun starts afresh', async () => {
    // Kill the moment the store's config appears: the root job is saved a few milliseconds later, after the
    // workflow is deployed. A busy poll (no timers) catches that window; try a few times, require one hit.
    let hits = 0;
    for (let attempt = 0; attempt < 8 && hits === 0; attempt++) {
      const tag = randomUUID();
      const jobStore = join(dir, `early-${attempt}`);
      const log = join(dir, `early-${attempt}.log`);
      const config = join(jobStore, 'shared', 'config.json');
      const leader = startToil(args(jobStore, log), tag);
      const deadline = Date.now() + 30_000;
      while (!existsSync(config) && Date.now() < deadline);
      leader.child.kill('SIGKILL');
      await leader.ended;
      await waitFor(() => taggedProcesses(tag).length === 0, ORPHAN_GRACE_MS);
      const restart = await runToil([...args(jobStore, log), '--restart'], tag);
      if (restart.code !== 0) {
        expect(restart.stderr).toMatch(
          /holds no workflow: its leader stopped before it saved the root job.*Run the same command without --restart/,
        );
        hits++;
        const rerun = await runToil(args(jobStore, log), tag);
        expect(rerun.code, rerun.stderr.slice(-3000)).toBe(0);
        expect(rerun.stdout.trim()).toBe(String(sumOfSquares(N)));
      } else {
        expect(restart.stdout.trim()).toBe(String(sumOfSquares(N)));
      }
    }
    expect(hits, 'no kill landed between the creation of the job store and the saving of the root job').toBeGreaterThan(
      0,
    );
  });

  /** Run `toil run <argv>` and kill -9 it after `delayMs` unless it ends first; then wait for its processes to go. */
  async function runOrKill(argv: string[], tag: string, delayMs: number) {
    const run = startToil(argv, tag);
    const endedFirst = await Promise.race([run.ended.then(() => true), sleep(delayMs).then(() => false)]);
    if (!endedFirst) run.child.kill('SIGKILL');
    const result = await run.ended;
    // Workers exit when their IPC channel to the leader closes; nothing of the dead leader may linger.
    await waitFor(() => taggedProcesses(tag).length === 0, ORPHAN_GRACE_MS);
    expect(taggedProcesses(tag), `processes of the killed leader (${argv.join(' ')}) still running`).toEqual([]);
    return { killed: !endedFirst, result };
  }

  it(
    `survives ${TRIALS} kills at random moments (every fourth restart killed too)`,
    { timeout: 15 * 60_000 },
    async () => {
      const random = prng(SEED);
      const lo = 50;
      const hi = Math.max(lo + TRIALS, 0.9 * cleanRunMs);
      const summary: string[] = [];
      let killed = 0;
      let reruns = 0;
      for (let t = 0; killed < TRIALS; t++) {
        if (t >= TRIALS + 10)
          throw new Error(`only ${killed} of ${t} runs were killed before they finished; the kill window is too late`);
        const delay = Math.round(lo + ((killed + random()) / TRIALS) * (hi - lo));
        const tag = randomUUID();
        const jobStore = join(dir, `js-${t}`);
        const log = join(dir, `log-${t}`);
        let what = `trial ${t} (seed ${SEED}, kill after ${delay} ms)`;
        let outcome: { code: number | null; stdout: string; stderr: string };
        let how: string;
        let kills = 0;

        const first = await runOrKill(args(jobStore, log), tag, delay);
        if (!first.killed) {
          // The run beat the kill: nothing to restart, but it must still have succeeded.
          outcome = first.result;
          how = 'finished before the kill';
        } else {
          killed++;
          kills++;
          // How far it got: 0 lines = killed while starting or while the root job ran (it creates the children).
          const progress = existsSync(log) ? readFileSync(log, 'utf8').split('\n').length - 1 : 0;
          what += ` with ${progress}/${N} children logged`;
          let restart = first.result;
          if (t % 4 === 3) {
            const delay2 = Math.round(lo + random() * (hi - lo) * 0.5);
            const second = await runOrKill([...args(jobStore, log), '--restart'], tag, delay2);
            if (second.killed) {
              kills++;
              what += `, its restart killed after ${delay2} ms`;
            } else {
              restart = second.result;
            }
          }
          if (restart === first.result) restart = await runToil([...args(jobStore, log), '--restart'], tag);
          const nothingToRestart = /does not exist, so there is nothing to restart|holds no workflow/.exec(
            restart.stderr,
          );
          if (restart.code !== 0 && nothingToRestart) {
            // Killed before the root job was saved: the message says to run the command again without --restart.
            outcome = await runToil(args(jobStore, log), tag);
            how = `killed before the workflow was saved ('${nothingToRestart[0]}'); rerun without --restart`;
            reruns++;
          } else {
            outcome = restart;
            how = 'restarted';
          }
        }
        expect(outcome.code, `${what} (${how}) failed:\n${outcome.stderr.slice(-3000)}`).toBe(0);
        expect(outcome.stdout.trim(), what).toBe(String(sumOfSquares(N)));
        const counts = countIndices(readFileSync(log, 'utf8'), N);
        const missing = counts.flatMap((c, i) => (c === 0 ? [i] : []));
        expect(missing, `${what}: children whose side effect never happened`).toEqual([]);
        const repeats = counts.reduce((s, c) => s + c - 1, 0);
        // At-least-once: a child runs again only when a kill stopped it before it committed, so each kill makes at
        // most the children running at that moment (one per core) run twice; a committed child never runs again.
        expect(repeats, `${what}: children run more than once`).toBeLessThanOrEqual(kills * availableParallelism());
        await waitFor(() => taggedProcesses(tag).length === 0, ORPHAN_GRACE_MS);
        expect(taggedProcesses(tag), `${what}: processes left after the run ended`).toEqual([]);
        summary.push(`${what}: ${how}, ${repeats} child(ren) ran twice`);
        rmSync(log, { force: true });
      }
      console.log(summary.join('\n'));
      console.log(`${killed} kills, ${reruns} of them before the workflow was saved`);
    },
  );
});
