/**
 * `toil status` on a real file job store: after success, after a failure (the failed job, its log, the graph left),
 * and while a workflow runs (jobs blocked until the test releases them). It only reads the store.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorLines, runToil, stackFrames, toilRun } from './helpers/cli.js';
import { startToil, waitUntil } from './helpers/background.js';
import { listJobs, snapshot } from './helpers/store.js';
import { tempDir } from './helpers/temp.js';

describe('toil status', () => {
  it('says a finished workflow completed, also with --failIfNotComplete', async () => {
    const store = join(await tempDir(), 'js');
    expect((await toilRun('workflows.ts', store, 'hello', ['a'], ['--clean', 'never'])).code).toBe(0);
    const status = await runToil(['status', store, '--failIfNotComplete', '--printStatus']);
    expect(status.code).toBe(0);
    expect(status.stdout).toBe(
      'The root job of the job store is absent, the workflow completed successfully.\n' +
        `The workflow in file:${store} has COMPLETED: its root job is gone, so every job finished.\n`,
    );
  });

  it("after a failure: Toil's summary, the failed job with its log, its children and the graph left", async () => {
    const store = join(await tempDir(), 'js');
    const run = await toilRun('operate.ts', store, 'failingFanout', [], ['--logLevel', 'WARNING']);
    expect(run.code).toBe(1);
    const jobs = await listJobs(`file:${store}`);
    const id = (name: string) => jobs.find((j) => j.name === name)!.id;
    const before = await snapshot(store);

    const status = await runToil(['status', store]);
    expect(status.code).toBe(0);
    expect(status.stderr).toContain(
      'INFO toil status: Traversing the job graph gathering jobs. This may take a couple of minutes.',
    );
    expect(status.stdout.split('\n')).toEqual([
      `Of the 3 jobs considered, there are 1 jobs with children, 2 jobs ready to run, 0 zombie jobs, 0 jobs with services, 0 services, and 1 jobs with log files currently in file:${store}.`,
      `There are 1 totally failed jobs (no tries left): 'ops.broken' ${id('ops.broken')}. 'toil status --printLogs' shows their logs; fix the cause and run the workflow again with --restart.`,
      '',
    ]);
    expect((await runToil(['status', store, '--failIfNotComplete'])).code).toBe(1);

    const all = await runToil(['status', store, '--printAll']);
    const lines = all.stdout.split('\n');
    expect(lines).toContain(
      `JOB:'ops.broken' ${id('ops.broken')}\tLOG_FILE:${jobs.find((j) => j.name === 'ops.broken')!.logFileId}\tTRYS_REMAINING:0\tCHILD_NUMBER:0\tREADY_TO_RUN:True\tIS_ZOMBIE:False\tHAS_SERVICES:False\tIS_SERVICE:False\tFAILED:True`,
    );
    expect(lines).toContain(
      `JOB:'ops.failingFanout' ${id('ops.failingFanout')}\tLOG_FILE:None\tTRYS_REMAINING:2\tCHILD_NUMBER:2\tREADY_TO_RUN:False\tIS_ZOMBIE:False\tHAS_SERVICES:False\tIS_SERVICE:False\tFAILED:False`,
    );
    expect(lines).toContain(`LOG_FILE_OF_JOB:'ops.broken' ${id('ops.broken')} LOG: =======>`);
    expect(lines).toContain('\tError: broken on purpose: no retries help');
    expect(lines).toContain(`LOG_FILE_OF_JOB:'ops.total' ${id('ops.total')} LOG: Job has no log file`);
    expect(lines).toContain(
      `CHILDREN_OF_JOB:'ops.failingFanout' ${id('ops.failingFanout')} \t(CHILD_JOB:'ops.broken' ${id('ops.broken')},PRECEDENCE:0)\t(CHILD_JOB:'ops.total' ${id('ops.total')},PRECEDENCE:1)`,
    );
    expect(all.stdout).toContain(`digraph "toil_graph" {`);
    expect(all.stdout).toContain(`"${id('ops.failingFanout')}" -> "${id('ops.total')}" [\n    label = "1";`);
    expect(all.stdout).toContain(`label = "ops.broken ${id('ops.broken')}";\n    color = "red";`);
    expect(lines.find((l) => l.includes('is STOPPED'))).toMatch(
      new RegExp(
        `^The workflow in file:${store} is STOPPED \\(leader pid \\d+ on ${hostname()}\\): its leader is not running`,
      ),
    );

    const one = await runToil(['status', store, '--jobs', id('ops.total'), '--printPerJobStats']);
    expect(one.stdout).toContain(`Of the 1 jobs considered, there are 0 jobs with children, 1 jobs ready to run`);
    expect(await snapshot(store)).toEqual(before);
  });

  it('while the workflow runs, and once it has finished', async () => {
    const dir = await tempDir();
    const store = join(dir, 'js');
    const leader = startToil([
      'run',
      join(import.meta.dirname, '../fixtures/operate.ts'),
      store,
      '--job',
      'blockingFanout',
      '--args',
      JSON.stringify([dir, 4]),
      '--maxCores',
      '2',
    ]);
    // Two of the four children run (--maxCores 2); which two depends on the order the leader issues them.
    await waitUntil(
      'two blocked children have started',
      () => readdirSync(dir).filter((name) => name.startsWith('started-')).length === 2,
    );
    const running = await runToil(['status', store, '--printStatus', '--printChildren']);
    expect(running.code).toBe(0);
    expect(running.stdout).toContain(
      'Of the 6 jobs considered, there are 1 jobs with children, 5 jobs ready to run, 0 zombie jobs',
    );
    expect(running.stdout).toMatch(
      new RegExp(`The workflow in file:${store} is RUNNING \\(leader pid ${leader.child.pid} on ${hostname()}\\)\\.`),
    );
    expect(running.stdout.match(/CHILD_JOB:'ops.blocked'/g)).toHaveLength(4);

    writeFileSync(join(dir, 'release'), '');
    const finished = await leader.done;
    expect(finished.code, finished.stderr).toBe(0);
    expect(JSON.parse(finished.stdout)).toBe(6);
  });

  it('rejects a missing job ID given with --jobs in one line', async () => {
    const store = join(await tempDir(), 'js');
    await toilRun('operate.ts', store, 'failingFanout', [], ['--logLevel', 'ERROR']);
    const missing = await runToil(['status', store, '--jobs', 'jobnothere']);
    expect(missing.code).toBe(1);
    expect(errorLines(missing.stderr)).toEqual([
      `toil: The job 'jobnothere' is not in the job store file:${store} (finished jobs are deleted). 'toil status --printPerJobStats' lists the jobs left.`,
    ]);
    expect(stackFrames(missing.stderr)).toEqual([]);
  });
});
