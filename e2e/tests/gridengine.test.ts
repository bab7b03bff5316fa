/**
 * `toil run --batchSystem grid_engine` on the real one-host GridEngine that `npm test` starts on this machine
 * (tooling/start-gridengine.sh): a fanout, a job that fails once and is retried, and the cores and memory
 * GridEngine was asked for (qstat -j from inside the job, qacct after it).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { toilRun } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

/** The cell of tooling/start-gridengine.sh (tooling/gridengine-env.sh), and the parallel environment it sets up. */
const SGE_ENV = {
  SGE_ROOT: '/var/lib/gridengine',
  SGE_CELL: 'default',
  SGE_QMASTER_PORT: '6444',
  SGE_EXECD_PORT: '6445',
  TOIL_GRIDENGINE_PE: 'smp',
};
const GRID_ENGINE = ['--batchSystem', 'grid_engine', '--statePollingWait', '0.5'];

/** Run a GridEngine client command against the test cell; its stdout. */
function sge(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8', timeout: 30_000, env: { ...process.env, ...SGE_ENV } });
}

/** Throw, with the command that fixes it, unless the test cell answers. */
function requireGridEngine(): void {
  try {
    sge('qstat', ['-f']);
  } catch (error) {
    throw new Error(
      'These tests need the local GridEngine (qstat -f failed). Start it with: bash tooling/start-gridengine.sh',
      { cause: error },
    );
  }
}

describe('toil run --batchSystem grid_engine (real local GridEngine)', { timeout: 120_000 }, () => {
  beforeAll(requireGridEngine);

  it("runs a fanout, each job's output under Toil's file names with its GridEngine job number", async () => {
    const dir = await tempDir();
    const result = await toilRun(
      'workflows.ts',
      join(dir, 'js'),
      'fanout',
      [8],
      [...GRID_ENGINE, '--workDir', dir, '--cleanWorkDir', 'never'],
      { env: SGE_ENV },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/ERROR/);
    expect(result.stdout.trim()).toBe(String(Array.from({ length: 8 }, (_, i) => i * i).reduce((a, b) => a + b)));
    const [workflowDir] = readdirSync(dir).filter((name) => name.startsWith('toil-'));
    const logs = readdirSync(join(dir, workflowDir));
    // The root and 8 children at least (the follow-on may be chained into a child's worker); $JOB_ID filled in.
    expect(
      logs.filter((name) => /^toil_job_\d+_batch_grid_engine_\d+_std_output\.log$/.test(name)).length,
    ).toBeGreaterThanOrEqual(9);
    expect(logs.filter((name) => name.includes('$JOB_ID'))).toEqual([]);
  });

  it('retries a job that fails once (--retryCount 1), and fails the workflow when a job always fails', async () => {
    const dir = await tempDir();
    const retried = await toilRun(
      'retries.ts',
      join(dir, 'a'),
      'flakyOnce',
      [dir],
      [...GRID_ENGINE, '--retryCount', '1'],
      { env: SGE_ENV },
    );
    expect(retried.code, retried.stderr).toBe(0);
    expect(JSON.parse(retried.stdout)).toBe('recovered');
    expect(retried.stderr).toMatch(/Job 'retry\.flakyOnce' \S+ failed; 1 try left/);
    expect(retried.stderr).toContain('the first attempt fails on purpose');

    const failed = await toilRun(
      'retries.ts',
      join(dir, 'b'),
      'alwaysFails',
      [],
      [...GRID_ENGINE, '--retryCount', '0'],
      { env: SGE_ENV },
    );
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('this job always fails');
    expect(failed.stderr).toMatch(/^toil: The workflow failed: 1 job\(s\) ran out of retries/m);
  });

  it("asks GridEngine for the job's cores (smp PE) and memory (mem_free): qstat -j inside the job, qacct after it", async () => {
    const dir = await tempDir();
    const result = await toilRun('gridengine.ts', join(dir, 'js'), 'gridEngineSelf', [], GRID_ENGINE, { env: SGE_ENV });
    expect(result.code, result.stderr).toBe(0);
    const { id, details } = JSON.parse(result.stdout) as { id: string; details: string };
    expect(details).toMatch(/^hard resource_list:\s+mem_free=300M$/m);
    expect(details).toMatch(/^parallel environment:\s+smp range: 2$/m);
    expect(details).toMatch(/^job_name:\s+toil_job_\d+_hpc\.gridEngineSelf$/m);
    // The accounting record, once qmaster has written it.
    let record = '';
    for (
      const deadline = Date.now() + 30_000;
      !/^granted_pe/m.test(record) && Date.now() < deadline;
      await sleep(500)
    ) {
      try {
        record = sge('qacct', ['-j', id]);
      } catch {
        // Not in the accounting file yet.
      }
    }
    expect(record).toMatch(/^granted_pe\s+smp\s*$/m);
    expect(record).toMatch(/^slots\s+2\s*$/m);
    expect(record).toMatch(/^category\s+-l mem_free=300M -pe smp 2\s*$/m);
  });
});
