import { mkdtempSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScriptedRunner } from '@toil/batch-grid/testing';
import { testConfig } from '@toil/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HTCondorBatchSystem } from './htcondor.js';

// Every synchronous file write or mkdir this package makes, recorded, then done for real.
const blocking = vi.hoisted(() => [] as string[]);
vi.mock('node:fs', async (importOriginal) =>
  (await import('@toil/batch-grid/testing/sync-fs-writes')).recordSyncWrites(
    await importOriginal<typeof import('node:fs')>(),
    blocking,
  ),
);

const opened: HTCondorBatchSystem[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((bs) => bs.shutdown()));
});

describe('HTCondor submission I/O', () => {
  it("writes each job's executable without blocking the leader's event loop", async () => {
    const workDir = mkdtempSync(join(tmpdir(), 'htcondor-io-test-'));
    let cluster = 100;
    const runner = new ScriptedRunner()
      .on('condor_submit', () => ({ stdout: `Submitting job(s).\n1 job(s) submitted to cluster ${cluster++}.\n` }))
      .on('condor_q', { stdout: '[]' })
      .on('condor_rm', {})
      .on('condor_history', { stdout: '[]' });
    const bs = new HTCondorBatchSystem(
      {
        config: testConfig({ workDir, workflowId: 'wf', statePollingWait: 60 }),
        maxCores: 8,
        maxMemory: Infinity,
        maxDisk: Infinity,
        locator: 'memory:x',
        pluginPaths: {},
      },
      { runner, tuning: { killWaitMs: 300 } },
    );
    opened.push(bs);
    blocking.length = 0;
    const spec = {
      jobStoreId: 'j',
      displayName: 'align',
      requirements: { cores: 1, memory: 2 ** 20, disk: 2 ** 20, accelerators: [], preemptible: false },
      workerCommand: ['true'],
      env: {},
    };
    const ids = await Promise.all(Array.from({ length: 20 }, () => bs.issueBatchJob(spec)));
    for (let i = 0; i < 300 && runner.callsOf('condor_submit').length < ids.length; i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(runner.callsOf('condor_submit')).toHaveLength(20);
    expect(blocking).toEqual([]);
    // The scripts were written all the same, executable, before condor_submit named them.
    for (const id of ids) {
      const executable = join(workDir, 'toil-wf', 'htcondor', `toil_job_${id}.sh`);
      expect(await readFile(executable, 'utf8')).toMatch(/^exec true$/m);
      expect(statSync(executable).mode & 0o100).toBe(0o100);
    }
  });
});
