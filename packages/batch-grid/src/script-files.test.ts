import { mkdtempSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchJobExitReason, EXIT_STATUS_UNAVAILABLE } from '@toil/core/backend';
import { testConfig } from '@toil/testing';
import { describe, expect, it } from 'vitest';
import type { GridSubmission, SubmitCommand } from './grid-types.js';
import { ScriptFiles } from './script-files.js';
import { FakeQueue } from './test/fake-queue.js';
import { ToyBatchSystem } from './test/toy-scheduler.js';

describe('ScriptFiles', () => {
  it('writes executable scripts, creating the directory on first use', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'script-files-')), 'a', 'b');
    const files = new ScriptFiles(dir);
    const paths = await Promise.all([
      files.write('one.sh', '#!/bin/sh\necho 1\n'),
      files.write('two.sh', '#!/bin/sh\necho 2\n'),
    ]);
    expect(paths).toEqual([join(dir, 'one.sh'), join(dir, 'two.sh')]);
    expect(readFileSync(paths[1], 'utf8')).toBe('#!/bin/sh\necho 2\n');
    expect(statSync(paths[0]).mode & 0o100).toBe(0o100);
  });

  it('tries the directory again after a failure', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'script-files-'));
    writeFileSync(join(parent, 'blocker'), ''); // a file where the directory should be
    const files = new ScriptFiles(join(parent, 'blocker', 'scripts'));
    await expect(files.write('one.sh', 'x')).rejects.toMatchObject({ code: 'ENOTDIR' });
    unlinkSync(join(parent, 'blocker'));
    expect(readFileSync(await files.write('one.sh', 'x'), 'utf8')).toBe('x');
  });
});

/** The toy scheduler, writing each job's script to a file first, as HTCondor and Parasol do. */
class ScriptWritingToy extends ToyBatchSystem {
  readonly files = new ScriptFiles(join(this.context.config.workDir as string, 'blocker', 'scripts'));

  protected override async submitCommand(job: GridSubmission): Promise<SubmitCommand> {
    return { argv: ['tsub', await this.files.write(`job_${job.batchJobId}.sh`, job.script)] };
  }
}

/** The toy scheduler whose submit command takes longer for earlier jobs, as a slow write would. */
class SlowFirstToy extends ToyBatchSystem {
  protected override async submitCommand(job: GridSubmission): Promise<SubmitCommand> {
    await new Promise((resolve) => setTimeout(resolve, 100 - 20 * job.batchJobId));
    return super.submitCommand(job);
  }
}

describe('GridBatchSystem with an async submit command', () => {
  it('still submits jobs in the order they were issued', async () => {
    const workDir = mkdtempSync(join(tmpdir(), 'grid-order-test-'));
    const queue = new FakeQueue();
    const bs = new SlowFirstToy(
      {
        config: testConfig({ workDir, statePollingWait: 0.05, workflowId: 'toy-workflow' }),
        maxCores: 4,
        maxMemory: Infinity,
        maxDisk: Infinity,
        locator: 'memory:toy',
        pluginPaths: {},
      },
      { runner: queue.runner, tuning: { killWaitMs: 300 } },
    );
    const spec = {
      jobStoreId: 'j',
      displayName: 'x',
      requirements: { cores: 1, memory: 1, disk: 1, accelerators: [], preemptible: false },
      workerCommand: ['true'],
      env: {},
    };
    const ids = [await bs.issueBatchJob(spec), await bs.issueBatchJob(spec), await bs.issueBatchJob(spec)];
    for (let i = 0; i < 100 && queue.ids().length < 3; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect([...queue.jobs.values()].map((job) => job.argv[job.argv.indexOf('-n') + 1])).toEqual(
      ids.map((id) => `toil_job_${id}_x`),
    );
    await bs.shutdown();
  });

  it('fails the job, with the reason, when its script cannot be written', async () => {
    const workDir = mkdtempSync(join(tmpdir(), 'grid-script-test-'));
    writeFileSync(join(workDir, 'blocker'), '');
    const queue = new FakeQueue();
    const bs = new ScriptWritingToy(
      {
        config: testConfig({ workDir, statePollingWait: 0.05, workflowId: 'toy-workflow' }),
        maxCores: 4,
        maxMemory: Infinity,
        maxDisk: Infinity,
        locator: 'memory:toy',
        pluginPaths: {},
      },
      { runner: queue.runner, tuning: { killWaitMs: 300 } },
    );
    const id = await bs.issueBatchJob({
      jobStoreId: 'j',
      displayName: 'x',
      requirements: { cores: 1, memory: 1, disk: 1, accelerators: [], preemptible: false },
      workerCommand: ['true'],
      env: {},
    });
    const update = await bs.getUpdatedBatchJob(2000);
    expect(update).toMatchObject({
      batchJobId: id,
      exitStatus: EXIT_STATUS_UNAVAILABLE,
      exitReason: BatchJobExitReason.ERROR,
    });
    expect(update?.output).toContain(`ENOTDIR: not a directory, mkdir '${join(workDir, 'blocker', 'scripts')}'`);
    expect(queue.ids()).toEqual([]);
    await bs.shutdown();
  });
});
