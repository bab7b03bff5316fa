/**
 * Pooled job arrays (--slurmReuseTasks, on by default) on the real local Slurm: tasks that run several jobs, exit
 * codes read back through the pool's files, and kills that leave nothing in Slurm's queue.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchJobExitReason, type UpdatedBatchJobInfo } from '@toil/core/backend';
import { ProcessCommandRunner } from '@toil/batch-grid';
import { shellJobSpec } from '@toil/batch-grid/testing';
import { testConfig } from '@toil/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { SlurmBatchSystem } from './slurm.js';
import { requireSlurm } from './test-cluster.js';

requireSlurm();

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function pooledSlurm(): { bs: SlurmBatchSystem; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'slurm-pool-'));
  const bs = new SlurmBatchSystem(
    {
      config: testConfig({ workDir: dir, statePollingWait: 0.2 }),
      maxCores: Infinity,
      maxMemory: Infinity,
      maxDisk: Infinity,
      locator: 'memory:none',
      pluginPaths: {},
    },
    { runner: new ProcessCommandRunner() },
  );
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanup.push(() => bs.shutdown());
  return { bs, dir };
}

async function collect(bs: SlurmBatchSystem, n: number): Promise<Map<number, UpdatedBatchJobInfo>> {
  const out = new Map<number, UpdatedBatchJobInfo>();
  while (out.size < n) {
    const update = await bs.getUpdatedBatchJob(60_000);
    if (!update) throw new Error('no job ended within 60 s');
    out.set(update.batchJobId, update);
  }
  return out;
}

/** The Slurm job IDs of our arrays still in the queue (any state squeue shows). */
function queued(arrayIds: string[]): string[] {
  if (!arrayIds.length) return [];
  return execFileSync('squeue', ['-h', '-r', '-j', arrayIds.join(','), '-o', '%i'], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
}

describe('pooled Slurm job arrays (real local Slurm)', { timeout: 120_000 }, () => {
  it("runs 8 one-second jobs in fewer tasks than jobs, each job's exit code its own", async () => {
    const { bs, dir } = pooledSlurm();
    const spec = (i: number) =>
      shellJobSpec(`echo "$SLURM_ARRAY_TASK_ID" >'${dir}/ran_${i}'; sleep 1; exit ${i === 5 ? 3 : 0}`, {
        memory: 64 * 2 ** 20,
      });
    const ids = [];
    for (let i = 0; i < 8; i++) ids.push(await bs.issueBatchJob(spec(i)));
    const updates = await collect(bs, 8);
    ids.forEach((id, i) =>
      expect(updates.get(id)).toMatchObject(
        i === 5
          ? { exitStatus: 3, exitReason: BatchJobExitReason.FAILED }
          : { exitStatus: 0, exitReason: BatchJobExitReason.FINISHED },
      ),
    );
    const tasks = readdirSync(dir)
      .filter((name) => name.startsWith('ran_'))
      .map((name) => readFileSync(join(dir, name), 'utf8').trim());
    expect(tasks).toHaveLength(8);
    // The node has at most 2 cores for us and Slurm refills them about once a second: tasks that finished a
    // job took the next unstarted one, so fewer tasks than jobs did the work.
    expect(new Set(tasks).size).toBeLessThan(8);
  });

  it('kills running and unstarted jobs of a pooled array: none reported, none left in the queue', async () => {
    const { bs, dir } = pooledSlurm();
    const ids = [];
    for (let i = 0; i < 6; i++)
      ids.push(await bs.issueBatchJob(shellJobSpec(`touch '${dir}/started_${i}'; sleep 60`, { memory: 64 * 2 ** 20 })));
    const deadline = Date.now() + 30_000;
    while (!readdirSync(dir).some((name) => name.startsWith('started_')) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(bs.getIssuedBatchJobIds().sort()).toEqual([...ids].sort());
    const arrays = [
      ...new Set(
        execFileSync('squeue', ['-h', '-r', '-n', 'toil_array_1_shell', '-o', '%F'], { encoding: 'utf8' })
          .split('\n')
          .filter(Boolean),
      ),
    ];
    expect(arrays.length).toBeGreaterThan(0);
    await bs.killBatchJobs(ids);
    expect(queued(arrays)).toEqual([]);
    expect(bs.getIssuedBatchJobIds()).toEqual([]);
    expect(await bs.getUpdatedBatchJob(500)).toBeUndefined();
  });
});
