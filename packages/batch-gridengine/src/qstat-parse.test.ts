import { describe, expect, it } from 'vitest';
import { parseQstatErrorReasons, parseQstatXml } from './qstat-parse.js';
import { phaseOfState, queuedReason } from './sge-states.js';
import { fixture, localMs } from './test-fixtures.js';

describe('parseQstatXml (real qstat -xml output)', () => {
  it('reads running, error and held jobs, with the start time of started ones', () => {
    expect(parseQstatXml(fixture('qstat-xml-running-eqw-hold.txt'))).toEqual([
      { id: '10', state: 'r', startedAt: localMs(2026, 11, 25, 16, 47, 42) },
      { id: '14', state: 'r', startedAt: localMs(2026, 11, 25, 16, 47, 44) },
      { id: '13', state: 'Eqw', startedAt: undefined },
      { id: '12', state: 'hqw', startedAt: undefined },
    ]);
  });

  it('reads a 2-slot PE job running and jobs waiting behind it', () => {
    const rows = parseQstatXml(fixture('qstat-xml-pe-running-queued.txt'));
    expect(rows.map((r) => [r.id, r.state])).toEqual([
      ['18', 'r'],
      ['19', 'qw'],
      ['20', 'qw'],
      ['21', 'qw'],
      ['22', 'qw'],
    ]);
    expect(rows.map((r) => phaseOfState(r.state))).toEqual(['running', 'queued', 'queued', 'queued', 'queued']);
  });

  it('reads a suspended job and one being deleted: both still running (they hold their slots)', () => {
    const rows = parseQstatXml(fixture('qstat-xml-suspended-deleting.txt'));
    expect(rows.map((r) => [r.id, r.state, phaseOfState(r.state)])).toEqual([
      ['36', 's', 'running'],
      ['37', 'dr', 'running'],
    ]);
  });

  it('reads no jobs from an empty listing, and ignores what is not a job', () => {
    expect(parseQstatXml(fixture('qstat-xml-empty.txt'))).toEqual([]);
    expect(parseQstatXml('error: commlib error: got select error (Connection refused)')).toEqual([]);
  });
});

describe('qstat states (sge_status(5))', () => {
  it('maps every documented state code to a phase', () => {
    const rows = parseQstatXml(fixture('qstat-xml-documented-states.txt'));
    const phases = Object.fromEntries(rows.map((r) => [r.state, phaseOfState(r.state)]));
    expect(phases).toEqual({
      t: 'running',
      Rr: 'running',
      Rt: 'running',
      hr: 'running',
      ts: 'running',
      S: 'running',
      tS: 'running',
      T: 'running',
      RtT: 'running',
      dt: 'running',
      dRr: 'running',
      ds: 'running',
      dS: 'running',
      dRT: 'running',
      hRwq: 'queued',
      Rq: 'queued',
      Ehqw: 'error',
      EhRqw: 'error',
      hqw: 'queued',
    });
    expect(phaseOfState('z')).toBe('gone');
    expect(phaseOfState('qw')).toBe('queued');
    expect(phaseOfState('Eqw')).toBe('error');
    expect(phaseOfState('X?')).toBeUndefined();
  });

  it('says why a held or rescheduled job waits', () => {
    expect(queuedReason('hqw')).toMatch(/on hold.*qrls/);
    expect(queuedReason('Rq')).toBe('rescheduled');
    expect(queuedReason('qw')).toBeUndefined();
  });
});

describe('parseQstatErrorReasons (real qstat -j of two Eqw jobs)', () => {
  it("gives each job's error reason without the date and [uid:pid]", () => {
    expect(parseQstatErrorReasons(fixture('qstat-j-two-eqw.txt'))).toEqual(
      new Map([
        ['38', 'can\'t open output file "/nonexistent/a": No such file or directory'],
        ['39', "can't chdir to /nonexistent/wd: No such file or directory"],
      ]),
    );
  });

  it('gives nothing for a job without an error reason', () => {
    expect(
      parseQstatErrorReasons(
        'job_number:                 5\nscheduling info:            queue instance "all.q@vm" dropped because it is full\n',
      ).size,
    ).toBe(0);
  });
});
