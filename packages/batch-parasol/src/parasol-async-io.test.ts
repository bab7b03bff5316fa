import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScriptedRunner } from '@toil/batch-grid/testing';
import { testConfig } from '@toil/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ParasolBatchSystem } from './parasol.js';

// Every synchronous file write or mkdir this package makes, recorded, then done for real.
const blocking = vi.hoisted(() => [] as string[]);
vi.mock('node:fs', async (importOriginal) =>
  (await import('@toil/batch-grid/testing/sync-fs-writes')).recordSyncWrites(
    await importOriginal<typeof import('node:fs')>(),
    blocking,
  ),
);

const opened: ParasolBatchSystem[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((bs) => bs.shutdown()));
});

describe('Parasol submission I/O', () => {
  it("writes each job's script without blocking the leader's event loop", async () => {
    const workDir = mkdtempSync(join(tmpdir(), 'parasol-io-test-'));
    let next = 3000;
    const runner = new ScriptedRunner().on('parasol', (argv) =>
      argv.includes('add') ? { stdout: `your job ${next++} ("sh x") has been submitted\n` } : { stdout: '' },
    );
    const bs = new ParasolBatchSystem(
      {
        config: { ...testConfig({ workDir, workflowId: 'wf', statePollingWait: 60 }), extra: {} },
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
    const adds = () => runner.calls.filter((c) => c.argv.includes('add'));
    for (let i = 0; i < 300 && adds().length < ids.length; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(adds()).toHaveLength(20);
    expect(blocking).toEqual([]);
    // Each `add job` names its script, which was written before the command ran.
    for (const call of adds()) expect(readFileSync(call.argv[call.argv.length - 1], 'utf8')).toMatch(/^exec true$/m);
    expect(new Set(adds().map((c) => c.argv[c.argv.length - 1]))).toEqual(
      new Set(ids.map((id) => join(workDir, 'toil-wf', 'parasol', `toil_job_${id}.sh`))),
    );
  });
});
