/**
 * `toil stats` on the records a real `--stats` run leaves: Toil's report layout with the right counts per job
 * type, the report options, `--raw` JSON, and one-line errors for bad options and for runs without --stats.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorLines, runToil, stackFrames, toilRun } from './helpers/cli.js';

/** Job-type names in the order the report prints them. */
function jobTypeOrder(report: string): string[] {
  return report
    .split('\n')
    .filter(
      (line, i, lines) =>
        /^ \S/.test(line) && !line.startsWith(' Worker Jobs') && (lines[i + 1] ?? '').startsWith('    '),
    )
    .map((line) => line.trim());
}

/** The value row of a job type's block (the third row after its name and "Total Cores"). */
function valueRow(report: string, name: string): string {
  const lines = report.split('\n');
  return lines[lines.indexOf(` ${name}`) + 4];
}

describe('toil stats', () => {
  let dir: string;
  let store: string;

  beforeAll(async () => {
    // One --stats run serves every test here (each only reads it).
    dir = await mkdtemp(join(tmpdir(), 'toil-e2e-stats-'));
    store = join(dir, 'js');
    const run = await toilRun(
      'workflows.ts',
      store,
      'fanout',
      [20],
      ['--stats', '--maxCores', '2', '--logLevel', 'WARNING'],
    );
    expect(run.code, run.stderr).toBe(0);
    return () => rm(dir, { recursive: true, force: true });
  });

  it("prints Toil's report: header, worker and job blocks, one block per job type with its count", async () => {
    const { code, stdout } = await runToil(['stats', store]);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'Batch System: single_machine',
      'Default Cores: 1  Default Memory: 2097152K',
      'Max Cores: 2',
    ]);
    expect(lines[3]).toMatch(/^Total Clock: \d+\.\d\d {2}Total Runtime: \d+\.\d\d$/);
    expect(lines[4]).toBe('Worker');
    expect(lines[5]).toMatch(/^ {4}Count \| +Time\* \| +Clock \| +Wait \| +Memory$/);
    expect(lines[6]).toMatch(/^ {8}n \| +min +med\* +ave +max +total \| +min +med +ave +max +total \|/);
    // 22 worker runs: the fanout, 20 squares and the sum (nothing chains: fanout has 20 successors).
    expect(lines[7]).toMatch(/^ {7}22 \| /);
    expect(lines.slice(8, 11)).toEqual([
      'Job',
      ' Worker Jobs  |     min    med    ave    max',
      '              |       1      1      1      1',
    ]);
    expect(lines[13]).toMatch(/^ {7}22 \| /);
    expect(jobTypeOrder(stdout).sort()).toEqual(['fanout', 'square', 'sum']);
    expect(lines[lines.indexOf(' square') + 1]).toBe('    Total Cores: 20.0');
    expect(valueRow(stdout, 'square')).toMatch(/^ {7}20 \| /);
    expect(valueRow(stdout, 'sum')).toMatch(/^ {8}1 \| /);
    expect(valueRow(stdout, 'fanout')).toMatch(/^ {8}1 \| .*\d+K$/);
  });

  it('sorts job types, shows chosen categories, prettifies, and writes --outputFile', async () => {
    expect(jobTypeOrder((await runToil(['stats', store, '--sortCategory', 'alpha'])).stdout)).toEqual([
      'fanout',
      'square',
      'sum',
    ]);
    expect(jobTypeOrder((await runToil(['stats', store, '--sortBy', 'count', '--sortReverse'])).stdout)[0]).toBe(
      'square',
    );
    const some = (await runToil(['stats', store, '--categories', 'time,memory', '--sortBy', 'memory.max'])).stdout;
    expect(some).toMatch(/^ {4}Count \| +Time \| +Memory\*$/m);
    expect(some).toMatch(/^ {8}n \| +min +med +ave +max +total \| +min +med +ave +max\* +total$/m);
    expect(some).not.toContain('Clock |');
    const pretty = (await runToil(['stats', store, '--pretty'])).stdout;
    expect(pretty).toContain('Default Memory: 2.0G');
    expect(pretty).toMatch(/Total Clock: \d+s {2}Total Runtime: \d+s/);
    const out = join(dir, 'report.txt');
    const written = await runToil(['stats', store, '--outputFile', out]);
    expect(readFileSync(out, 'utf8')).toBe(written.stdout);
  });

  it('--raw prints the figures as JSON with Toil key names', async () => {
    const raw = JSON.parse((await runToil(['stats', store, '--raw'])).stdout) as {
      batch_system: string;
      max_cores: number;
      total_run_time: number;
      jobs: { total_number: number; max_number_per_worker: number };
      worker: { total_number: number };
      job_types: Record<string, { total_number: number; total_cores: number; median_time: number; max_memory: number }>;
    };
    expect(raw).toMatchObject({
      batch_system: 'single_machine',
      max_cores: 2,
      jobs: { total_number: 22, max_number_per_worker: 1 },
      worker: { total_number: 22 },
    });
    expect(raw.total_run_time).toBeGreaterThan(0);
    expect(Object.keys(raw.job_types).sort()).toEqual(['fanout', 'square', 'sum']);
    expect(raw.job_types.square).toMatchObject({ total_number: 20, total_cores: 20 });
    expect(raw.job_types.square.max_memory).toBeGreaterThan(10_000);
  });

  it('rejects an unknown sort field or category in one line that lists the valid ones', async () => {
    const badField = await runToil(['stats', store, '--sortField', 'median']);
    expect(badField.code).toBe(1);
    expect(badField.stderr).toBe('toil: Invalid --sortField "median": use one of: min, med, ave, max, total\n');
    const badCategory = await runToil(['stats', store, '--categories', 'time,disk']);
    expect(badCategory.stderr).toBe('toil: Invalid --categories entry "disk": use one of: time, clock, wait, memory\n');
    const badSort = await runToil(['stats', store, '--sortBy', 'size']);
    expect(badSort.stderr).toBe(
      'toil: Invalid --sortBy category "size": use one of: time, clock, wait, memory, alpha, count\n',
    );
  });

  it('says clearly when the workflow was not run with --stats', async () => {
    const plain = join(dir, 'plain');
    expect((await toilRun('workflows.ts', plain, 'hello', ['x'], ['--clean', 'never'])).code).toBe(0);
    const result = await runToil(['stats', plain]);
    expect(result.code).toBe(1);
    expect(errorLines(result.stderr)).toEqual([
      `toil: The workflow in file:${plain} was not run with --stats, so it recorded no statistics. Run it with --stats (which keeps the job store) and then run 'toil stats' on its job store.`,
    ]);
    expect(stackFrames(result.stderr)).toEqual([]);
  });
});
