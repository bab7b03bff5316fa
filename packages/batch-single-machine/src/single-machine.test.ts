import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BatchJobExitReason,
  encode,
  type BatchSystem,
  type JobDescription,
  type UpdatedBatchJobInfo,
} from '@toil/core/backend';
import { deployWorkflow } from '@toil/core/internal';
import { plugin as fileStorePlugin, type FileJobStore } from '@toil/jobstore-file';
import { makeJob, maxConcurrency, testConfig } from '@toil/testing';
import { SingleMachineBatchSystem } from './single-machine.js';

// Real worker processes against a real file job store: the jobs come from the fixture module, bundled and
// deployed as a workflow would be. What every batch system must do is in single-machine.contract.test.ts (the
// shared contract); these tests cover what is particular to single_machine.
let dir: string;
let store: FileJobStore;
const config = () => testConfig({ jobStore: `file:${join(dir, 'store')}`, workDir: dir, maxCores: 2 });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sm-test-'));
  store = fileStorePlugin.create(`file:${join(dir, 'store')}`);
  await store.initialize(config());
  await deployWorkflow(store, join(import.meta.dirname, 'fixtures/jobs.ts'), {
    disableAutoDeployment: false,
    cacheDir: join(dir, 'bundles'),
  });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function batchSystem(maxCores: number): BatchSystem {
  return new SingleMachineBatchSystem({
    config: config(),
    maxCores,
    maxMemory: Infinity,
    maxDisk: Infinity,
    locator: store.locator,
    pluginPaths: { jobStore: fileStorePlugin.moduleUrl },
  });
}

async function submit(
  bs: BatchSystem,
  name: string,
  args: unknown[],
  cores = 1,
): Promise<{ batchId: number; job: JobDescription }> {
  const job = makeJob(store.assignId(), {
    name,
    displayName: name,
    args: encode(args),
    requirements: { cores, memory: 1, disk: 1, accelerators: [], preemptible: false },
  });
  await store.create(job);
  const batchId = await bs.issueBatchJob({
    jobStoreId: job.id,
    displayName: name,
    requirements: job.requirements,
    workerCommand: [],
    env: {},
  });
  return { batchId, job };
}

async function collect(bs: BatchSystem, n: number): Promise<UpdatedBatchJobInfo[]> {
  const out: UpdatedBatchJobInfo[] = [];
  while (out.length < n) {
    const update = await bs.getUpdatedBatchJob(20_000);
    if (!update) throw new Error('timed out waiting for jobs');
    out.push(update);
  }
  return out;
}

describe('single_machine (real warm workers, file job store)', () => {
  it('runs jobs in warm workers, at most maxCores at once, reusing processes', async () => {
    const bs = batchSystem(2);
    try {
      const files = Array.from({ length: 6 }, (_, i) => join(dir, `timed-${i}.json`));
      for (const f of files) await submit(bs, 'sm-test.timed', [f, 150]);
      const updates = await collect(bs, 6);
      expect(updates.every((u) => u.exitStatus === 0 && u.exitReason === BatchJobExitReason.FINISHED)).toBe(true);
      const runs = await Promise.all(
        files.map(async (f) => JSON.parse(await readFile(f, 'utf8')) as { start: number; end: number; pid: number }),
      );
      expect(maxConcurrency(runs)).toBe(2);
      expect(new Set(runs.map((r) => r.pid)).size).toBe(2);
    } finally {
      await bs.shutdown();
    }
  });

  it('packs fractional cores: four 0.5-core jobs run together on 2 cores', async () => {
    const bs = batchSystem(2);
    try {
      const files = Array.from({ length: 4 }, (_, i) => join(dir, `half-${i}.json`));
      // Long enough that the start-up of new worker processes cannot serialize them.
      for (const f of files) await submit(bs, 'sm-test.timed', [f, 1500], 0.5);
      await collect(bs, 4);
      const runs = await Promise.all(
        files.map(async (f) => JSON.parse(await readFile(f, 'utf8')) as { start: number; end: number }),
      );
      expect(maxConcurrency(runs)).toBe(4);
    } finally {
      await bs.shutdown();
    }
  });

  it('reports a job that kills its worker as KILLED and keeps serving other jobs', async () => {
    const bs = batchSystem(1);
    try {
      const { batchId } = await submit(bs, 'sm-test.suicide', []);
      const [update] = await collect(bs, 1);
      expect(update.batchJobId).toBe(batchId);
      expect(update.exitReason).toBe(BatchJobExitReason.KILLED);
      expect(update.output).toMatch(/signal SIGKILL/);
      await submit(bs, 'sm-test.timed', [join(dir, 'after-kill.json'), 10]);
      const [next] = await collect(bs, 1);
      expect(next.exitStatus).toBe(0);
    } finally {
      await bs.shutdown();
    }
  });

  it('reports a failing job with its captured output, and stores its log on the job', async () => {
    const bs = batchSystem(1);
    try {
      const { job } = await submit(bs, 'sm-test.fails', []);
      const [update] = await collect(bs, 1);
      expect(update.exitReason).toBe(BatchJobExitReason.FAILED);
      expect(update.output).toContain('about to fail');
      const stored = await store.load(job.id);
      expect(stored.logFileId).toBeDefined();
      expect((await store.readFileBytes(stored.logFileId!)).toString()).toContain('deliberate failure');
    } finally {
      await bs.shutdown();
    }
  });

  it('rejects a job bigger than the machine when it is issued', async () => {
    const bs = batchSystem(2);
    try {
      await expect(submit(bs, 'sm-test.timed', ['x', 1], 3)).rejects.toThrow(
        /requests 3 of cores, but the batch system allows at most 2/,
      );
    } finally {
      await bs.shutdown();
    }
  });
});
