/**
 * `--stats` records what `toil stats` reports: one record per worker run with each job's wall time, CPU time
 * and memory, and the leader's record of the whole run. The job store is kept (--stats implies --clean never).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toilRun } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

interface StatsBlob {
  jobs?: { name: string; time: number; clock: number; memory: number }[];
  workflow?: {
    batchSystem: string;
    defaultCores: number;
    defaultMemory: number;
    maxCores: number | null;
    runtime: number;
  };
}

async function blobs(store: string): Promise<StatsBlob[]> {
  const dir = join(store, 'stats');
  const names = (await readdir(dir, { recursive: true })).map(String).filter((n) => !n.endsWith('read'));
  const texts = await Promise.all(names.map((n) => readFile(join(dir, n), 'utf8').catch(() => '')));
  return texts.filter(Boolean).map((t) => JSON.parse(t) as StatsBlob);
}

describe('--stats', () => {
  it('keeps the job store and records every job and the run', async () => {
    const store = join(await tempDir(), 'js');
    const result = await toilRun('workflows.ts', store, 'fanout', [20], ['--stats', '--maxCores', '2']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toBe(2470);
    const records = await blobs(store);
    const jobs = records.flatMap((r) => r.jobs ?? []);
    expect(jobs.filter((j) => j.name === 'square')).toHaveLength(20);
    expect(jobs.filter((j) => j.name === 'fanout' || j.name === 'sum')).toHaveLength(2);
    for (const j of jobs) {
      expect(j.time).toBeGreaterThanOrEqual(0);
      expect(j.clock).toBeGreaterThanOrEqual(0);
      expect(j.memory).toBeGreaterThan(1000);
    }
    const run = records.find((r) => r.workflow)?.workflow;
    expect(run).toMatchObject({
      batchSystem: 'single_machine',
      defaultCores: 1,
      defaultMemory: 2 * 1024 ** 3,
      maxCores: 2,
    });
    expect(run!.runtime).toBeGreaterThan(0);
  });
});
