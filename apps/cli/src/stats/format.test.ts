import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collate, type StatsHeader } from './collate.js';
import { formatStatsReport, sortJobTypes } from './format.js';
import { parseReportOptions } from './options.js';
import { addBlob, type StatsRecords } from './records.js';
import { formatRawStats } from './raw.js';

const fixtures = join(import.meta.dirname, 'fixtures');

function seedExample(): { header: StatsHeader; records: StatsRecords } {
  const doc = JSON.parse(readFileSync(join(fixtures, 'seed-stats-example.json'), 'utf8')) as {
    header: StatsHeader & { maxCores: number | null };
    blobs: unknown[];
  };
  const records: StatsRecords = { workers: [], workflows: [] };
  for (const blob of doc.blobs) expect(addBlob(records, blob)).toBe(true);
  return { header: { ...doc.header, maxCores: doc.header.maxCores ?? Infinity }, records };
}

describe('toil stats report', () => {
  it("prints the seed's example verbatim from the records behind it", () => {
    const { header, records } = seedExample();
    const report = formatStatsReport(collate(header, records), parseReportOptions({}));
    expect(report).toBe(readFileSync(join(fixtures, 'seed-stats-example.txt'), 'utf8'));
  });

  it('prints "Total Cores" per job type when the records carry requested cores (Toil 5.9)', () => {
    const records: StatsRecords = {
      workers: [
        {
          time: 1,
          clock: 0.5,
          memory: 2048,
          jobs: [{ name: 'square', time: 0.25, clock: 0.125, memory: 2048, cores: 1 }],
        },
        {
          time: 1,
          clock: 0.5,
          memory: 2048,
          jobs: [{ name: 'square', time: 0.5, clock: 0.25, memory: 2048, cores: 0.5 }],
        },
      ],
      workflows: [],
    };
    const report = formatStatsReport(
      collate({ batchSystem: 'single_machine', defaultCores: 1, defaultMemory: 2 ** 31, maxCores: 2 }, records),
      parseReportOptions({}),
    );
    expect(report).toContain(' square\n    Total Cores: 1.5\n');
    expect(report).toContain('Max Cores: 2\n');
    expect(report).toContain('Total Clock: 1.00  Total Runtime: 0.00\n');
  });

  it('grows a column to fit its widest value, and --pretty prints human units', () => {
    const records: StatsRecords = {
      workers: [
        {
          time: 12345.678,
          clock: 3,
          memory: 40235000,
          jobs: [{ name: 'long', time: 12345.678, clock: 3, memory: 40235000 }],
        },
      ],
      workflows: [],
    };
    const stats = collate(
      { batchSystem: 'slurm', defaultCores: 1, defaultMemory: 2 ** 31, maxCores: Infinity },
      records,
    );
    const plain = formatStatsReport(stats, parseReportOptions({ categories: 'time,memory' }));
    const rows = plain.split('\n');
    // 8 characters fill an 8-wide column, so it grows to 9 (as in the seed's CWL example).
    expect(rows).toContain(
      '        1 |  12345.68 12345.68 12345.68 12345.68 12345.68 |  40235000K 40235000K 40235000K 40235000K 40235000K',
    );
    expect(plain).not.toContain('Clock  ');
    const pretty = formatStatsReport(stats, parseReportOptions({ pretty: true, categories: 'time,memory' }));
    expect(pretty).toContain('3h25m45s');
    expect(pretty).toContain('38.4G');
    expect(pretty).toContain('Default Memory: 2.0G');
  });

  it('sorts job types by the chosen category and field, marks them with *, and reverses', () => {
    const { header, records } = seedExample();
    const stats = collate(header, records);
    const names = (flags: Parameters<typeof parseReportOptions>[0]) =>
      sortJobTypes(stats.jobTypes, parseReportOptions(flags)).map((t) => t.name);
    expect(names({})).toEqual(['sysFiles', 'userFiles', 'discoverFiles']);
    expect(names({ sortCategory: 'alpha' })).toEqual(['discoverFiles', 'sysFiles', 'userFiles']);
    expect(names({ sortBy: 'memory.max', sortReverse: true })).toEqual(['discoverFiles', 'userFiles', 'sysFiles']);
    expect(names({ sortBy: 'clock', sortReverse: true })).toEqual(['discoverFiles', 'userFiles', 'sysFiles']);
    const marked = formatStatsReport(stats, parseReportOptions({ sortCategory: 'memory', sortField: 'max' }));
    expect(marked).toContain('Memory*');
    expect(marked).toContain('    max*   total');
    expect(marked).not.toContain('Time*');
  });

  it('rejects unknown categories and sort fields in one line listing the valid ones', () => {
    expect(() => parseReportOptions({ sortField: 'median' })).toThrow(
      'Invalid --sortField "median": use one of: min, med, ave, max, total',
    );
    expect(() => parseReportOptions({ sortCategory: 'size' })).toThrow(
      'use one of: time, clock, wait, memory, alpha, count',
    );
    expect(() => parseReportOptions({ categories: 'time,disk' })).toThrow(
      'Invalid --categories entry "disk": use one of: time, clock, wait, memory',
    );
    expect(() => parseReportOptions({ sortBy: 'time.mean' })).toThrow('Invalid --sortBy field "mean"');
  });

  it('--raw gives the same figures as JSON with Toil key names', () => {
    const { header, records } = seedExample();
    const raw = JSON.parse(formatRawStats(collate(header, records))) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads arbitrary JSON
    expect(raw.batch_system).toBe('singleMachine');
    expect(raw.max_cores).toBeNull();
    expect(raw.total_clock).toBeCloseTo(0.56);
    expect(raw.jobs.total_number).toBe(3);
    expect(raw.jobs.median_number_per_worker).toBe(3);
    expect(raw.job_types.userFiles.median_time).toBeCloseTo(0.0624);
    expect(raw.worker.total_memory).toBeCloseTo(76.4);
  });
});
