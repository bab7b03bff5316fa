/**
 * `toil debug-job`: rerun one job of a stopped workflow in the CLI process, from its stored arguments (promises
 * resolved from the store), against a scratch copy, so the real job store is byte-for-byte unchanged. Prints the
 * job's log messages, the jobs it added and its return value; a job that throws exits 1 with its error.
 */
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { errorLines, runToil, toilRun } from './helpers/cli.js';
import { listJobs, snapshot } from './helpers/store.js';
import { tempDir } from './helpers/temp.js';

describe('toil debug-job', () => {
  let store: string;
  let before: Record<string, string> | undefined;

  beforeEach(async () => {
    store = join(await tempDir(), 'js');
    // ops.broken fails for good, so its sibling follow-on ops.busy never runs: both wait in the store.
    const run = await toilRun('operate.ts', store, 'debugMe', [], ['--logLevel', 'CRITICAL']);
    expect(run.code).toBe(1);
    before = await snapshot(store);
  });

  it('runs a job by name: its log, the jobs it adds and its return value, and changes nothing in the store', async () => {
    const result = await runToil(['debug-job', store, 'ops.busy']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/INFO ops\.busy job\w+: busy with some text/);
    expect(result.stderr).toContain(`against a scratch copy of file:${store} (the job store itself is not changed)`);
    const busyId = (await listJobs(`file:${store}`)).find((j) => j.name === 'ops.busy')!.id;
    // A return value with a promise inside gets core's resolver follow-on, which fills it in once the child ran.
    expect(result.stderr).toMatch(
      new RegExp(
        `Job 'ops\\.busy' ${busyId} ran in \\d+\\.\\d\\d s\\. It added 2 job\\(s\\): child 'ops\\.square' job\\w+, follow-on 'toil\\.resolve' job\\w+\\.`,
      ),
    );
    const value = JSON.parse(result.stdout) as {
      file: { $t: string; size: number };
      length: number;
      squared: { $promiseOf: string; path: unknown[] };
    };
    expect(value).toMatchObject({ file: { $t: 'FileID', size: 9 }, length: 9, squared: { path: [] } });
    expect(value.squared.$promiseOf).toMatch(/^'ops\.square' job\w+$/);
    expect(await snapshot(store)).toEqual(before);
  });

  it('runs the failed job by its ID: exit 1 with the job error, store unchanged', async () => {
    const brokenId = (await listJobs(`file:${store}`)).find((j) => j.name === 'ops.broken')!.id;
    const result = await runToil(['debug-job', store, brokenId]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ops.broken');
    expect(result.stderr).toContain('about to fail: for the debugger');
    expect(result.stderr).toContain(`Job 'ops.broken' ${brokenId} failed:\nError: broken on purpose: for the debugger`);
    expect(result.stdout).toBe('');
    expect(await snapshot(store)).toEqual(before);
  });

  it('resolves promised arguments from the store: the follow-on of a failed fanout sums the squares that ran', async () => {
    const other = join(await tempDir(), 'js');
    expect((await toilRun('operate.ts', other, 'failingFanout', [], ['--logLevel', 'CRITICAL'])).code).toBe(1);
    const result = await runToil(['debug-job', other, 'ops.total']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('14\n');
    expect(result.stderr).toContain('It added no jobs.');
  });

  it('names the jobs left when nothing matches', async () => {
    const result = await runToil(['debug-job', store, 'ops.nothing']);
    expect(result.code).toBe(1);
    expect(errorLines(result.stderr)).toEqual([
      `toil: No job in file:${store} has the ID or name 'ops.nothing'. Jobs left are named: ops.broken, ops.busy, ops.debugMe. 'toil status --printPerJobStats' lists their IDs.`,
    ]);
  });
});
