import { BatchJobExitReason, EXIT_STATUS_UNAVAILABLE } from '@toil/core/backend';
import { describe, expect, it } from 'vitest';
import { latestRecords, parseQacct, type AccountingRecord } from './qacct-parse.js';
import { statusFromAccounting } from './sge-states.js';
import { fixture, localMs } from './test-fixtures.js';

const one = (name: string): AccountingRecord => {
  const records = parseQacct(fixture(name));
  expect(records).toHaveLength(1);
  return records[0];
};

describe('parseQacct (real qacct -j output)', () => {
  it('reads several jobs from one `qacct -E -b <time> -j` call', () => {
    const records = parseQacct(fixture('qacct-several.txt'));
    expect(records.map((r) => [r.id, r.jobName, r.failed, r.exitStatus, r.wallclock])).toEqual([
      ['11', 'cap_pe', 0, 0, 5],
      ['14', 't', 0, 3, 0],
      ['10', 'cap_run', 100, 137, 9],
      ['15', 't', 0, 3, 0],
      ['16', 't', 0, 3, 0],
      ['17', 't', 0, 3, 0],
    ]);
    expect(records[2]).toMatchObject({
      failedText: 'assumedly after job',
      submittedAt: localMs(2026, 11, 25, 16, 47, 34),
      endedAt: localMs(2026, 11, 25, 16, 47, 51),
    });
  });

  it('reads nothing from the summary qacct prints when no job matched', () => {
    expect(parseQacct(fixture('qacct-none.txt'))).toEqual([]);
  });

  it('reads a job that never started (Eqw) with no start or end time', () => {
    expect(one('qacct-eqw-record.txt')).toMatchObject({
      id: '13',
      failed: 26,
      failedText: 'opening input/output file',
      exitStatus: 0,
      wallclock: 0,
      endedAt: undefined,
    });
  });
});

describe('statusFromAccounting', () => {
  it('reports a plain exit: 0 is FINISHED with its wall time, 3 is FAILED with status 3', () => {
    expect(statusFromAccounting(parseQacct(fixture('qacct-several.txt'))[0])).toEqual({
      phase: 'ended',
      exitStatus: 0,
      exitReason: BatchJobExitReason.FINISHED,
      wallTime: 5,
      detail: undefined,
    });
    expect(statusFromAccounting(one('qacct-exit3.txt'))).toEqual({
      phase: 'ended',
      exitStatus: 3,
      exitReason: BatchJobExitReason.FAILED,
      wallTime: 0,
      detail: undefined,
    });
  });

  it('reports a job killed by a signal (qdel, or killing itself: both are failed 100, exit 137) as FAILED 137', () => {
    for (const record of [parseQacct(fixture('qacct-several.txt'))[2], one('qacct-selfkill.txt')]) {
      expect(statusFromAccounting(record)).toMatchObject({
        exitStatus: 137,
        exitReason: BatchJobExitReason.FAILED,
        detail: 'failed 100: assumedly after job, killed by signal 9',
      });
    }
  });

  it('reports an enforced h_rt limit (failed 37) as KILLED', () => {
    expect(statusFromAccounting(one('qacct-h_rt.txt'))).toMatchObject({
      exitStatus: 137,
      exitReason: BatchJobExitReason.KILLED,
      wallTime: 4,
      detail: expect.stringMatching(/^failed 37: qmaster enforced h_rt, h_cpu, or h_vmem limit/),
    });
  });

  it('reports a job GridEngine could not start as ERROR with no exit status', () => {
    expect(statusFromAccounting(one('qacct-eqw-record.txt'))).toMatchObject({
      exitStatus: EXIT_STATUS_UNAVAILABLE,
      exitReason: BatchJobExitReason.ERROR,
      detail: expect.stringContaining('failed 26: opening input/output file'),
    });
  });

  it('maps the documented failed codes (sge_status(5))', () => {
    const byId = new Map(parseQacct(fixture('qacct-documented-codes.txt')).map((r) => [r.id, statusFromAccounting(r)]));
    // 25: rescheduling — the job runs again, so this record is not its end.
    expect(byId.get('301')).toBeUndefined();
    expect(byId.get('302')).toMatchObject({ exitStatus: EXIT_STATUS_UNAVAILABLE, exitReason: BatchJobExitReason.LOST });
    expect(byId.get('303')).toMatchObject({
      exitStatus: EXIT_STATUS_UNAVAILABLE,
      exitReason: BatchJobExitReason.ERROR,
      detail: expect.stringContaining('searching requested shell'),
    });
    // 14: the job ran and exited 0; only the epilog failed.
    expect(byId.get('304')).toMatchObject({ exitStatus: 0, exitReason: BatchJobExitReason.FINISHED, wallTime: 30 });
    expect(byId.get('305')).toMatchObject({
      exitStatus: 143,
      exitReason: BatchJobExitReason.FAILED,
      detail: 'failed 17: through signal, killed by signal 15',
    });
    expect(byId.get('306')).toMatchObject({ exitStatus: 100, exitReason: BatchJobExitReason.FAILED });
    expect(byId.get('307')).toMatchObject({ exitReason: BatchJobExitReason.ERROR });
    expect(byId.get('308')).toMatchObject({ exitReason: BatchJobExitReason.ERROR });
    expect(byId.size).toBe(8);
  });
});

describe('latestRecords', () => {
  const record = (id: string, submitted: number, exitStatus: number): AccountingRecord => ({
    id,
    jobName: 'x',
    failed: 0,
    failedText: '',
    exitStatus,
    submittedAt: submitted,
  });

  it('keeps the last record of each wanted job, ignoring others and records from before its submission', () => {
    const records = [record('5', 1000, 1), record('5', 9000, 2), record('6', 9000, 0), record('7', 100, 4)];
    const since = new Map([
      ['5', 5000],
      ['7', 5000],
    ]);
    const out = latestRecords(records, (id) => since.get(id));
    expect([...out.keys()]).toEqual(['5']);
    expect(out.get('5')?.exitStatus).toBe(2);
  });

  it('takes the later run of a rescheduled job', () => {
    const out = latestRecords([{ ...record('8', 10, 0), failed: 25 }, record('8', 10, 0)], () => 0);
    expect(out.get('8')?.failed).toBe(0);
  });
});
