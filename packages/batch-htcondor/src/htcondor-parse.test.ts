import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BatchJobExitReason, EXIT_STATUS_UNAVAILABLE } from '@toil/core/backend';
import { describe, expect, it } from 'vitest';
import { parseEventLog, statusFromEvents } from './htcondor-events.js';
import { parseAds, parseSubmitOutput } from './htcondor-parse.js';
import { isFailedHold, statusFromAd } from './htcondor-states.js';

// Outputs written down from the HTCondor manual (condor_submit, condor_q/condor_history -json, job ClassAd
// attributes, hold reason codes, the job event log format), covering JobStatus 1-7 and the holds that matter.
const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
const NOW = 1795600400;
const byCluster = (name: string, command: string) =>
  new Map(parseAds(fixture(name), command).map((ad) => [ad.ClusterId, ad]));

describe('condor_submit output', () => {
  it('reads the cluster ID', () => {
    expect(parseSubmitOutput(fixture('condor_submit.txt'))).toBe('42');
  });

  it('refuses output without the submitted line, quoting it', () => {
    expect(() => parseSubmitOutput('Submitting job(s)\n')).toThrow(
      /condor_submit printed no "job\(s\) submitted to cluster <id>\." line: "Submitting job\(s\)"/,
    );
  });
});

describe('condor_q -json', () => {
  const ads = byCluster('condor_q.json', 'condor_q');
  const status = (cluster: number) => statusFromAd(ads.get(cluster)!, NOW);

  it('reads Idle as queued; Running, Transferring Output and Suspended as running since JobCurrentStartDate', () => {
    expect(status(101)).toEqual({ phase: 'queued' });
    expect(status(102)).toEqual({ phase: 'running', elapsed: 90 });
    expect(status(107)).toEqual({ phase: 'running', elapsed: 70 });
    expect(status(108)).toEqual({ phase: 'running', elapsed: 100 });
  });

  it('reads Completed with ExitCode 0 as finished, timed from start to completion', () => {
    expect(status(103)).toEqual({
      phase: 'ended',
      exitStatus: 0,
      exitReason: BatchJobExitReason.FINISHED,
      wallTime: 20,
    });
  });

  it('reads a hold over the memory request (code 34, subcode 102) as MEMLIMIT, other holds for good as errors', () => {
    expect(status(104)).toMatchObject({
      phase: 'ended',
      exitStatus: EXIT_STATUS_UNAVAILABLE,
      exitReason: BatchJobExitReason.MEMLIMIT,
      wallTime: 30,
    });
    expect(status(104)).toMatchObject({ detail: expect.stringContaining('gone over cgroup memory limit') });
    expect(status(105)).toMatchObject({
      phase: 'ended',
      exitReason: BatchJobExitReason.ERROR,
      detail: expect.stringMatching(/HoldReasonCode 6.*Permission denied/),
    });
    expect([104, 105].map((c) => isFailedHold(ads.get(c)!))).toEqual([true, true]);
  });

  it('counts user holds and input spooling as waiting, not failed', () => {
    expect(status(106)).toEqual({ phase: 'queued', reason: 'held: via condor_hold (by user alice)' });
    expect(status(109)).toEqual({ phase: 'queued', reason: 'held: Spooling input data files' });
    expect([106, 109].map((c) => isFailedHold(ads.get(c)!))).toEqual([false, false]);
  });

  it('takes no answer at all as no jobs, and refuses anything but a JSON list', () => {
    expect(parseAds('', 'condor_q')).toEqual([]);
    expect(() => parseAds('-- Failed to fetch ads from: <10.0.0.1:9618> : submit.example.org\n', 'condor_q')).toThrow(
      /condor_q -json printed something that is not JSON: "-- Failed to fetch ads/,
    );
    expect(() => parseAds('{"ClusterId": 1}', 'condor_q')).toThrow(/no list of job ads/);
  });
});

describe('condor_history -json', () => {
  const ads = byCluster('condor_history.json', 'condor_history');

  it('reads exit codes, signals and removals of jobs that left the queue', () => {
    expect(statusFromAd(ads.get(111)!)).toEqual({
      phase: 'ended',
      exitStatus: 3,
      exitReason: BatchJobExitReason.FAILED,
      wallTime: 5,
    });
    expect(statusFromAd(ads.get(112)!)).toEqual({
      phase: 'ended',
      exitStatus: 137,
      exitReason: BatchJobExitReason.FAILED,
      wallTime: 8,
      detail: 'ended by signal 9',
    });
    expect(statusFromAd(ads.get(113)!)).toEqual({
      phase: 'ended',
      exitStatus: EXIT_STATUS_UNAVAILABLE,
      exitReason: BatchJobExitReason.KILLED,
      wallTime: 12,
      detail: 'removed: via condor_rm (by user alice)',
    });
    expect(statusFromAd(ads.get(114)!)).toMatchObject({
      exitStatus: 0,
      exitReason: BatchJobExitReason.FINISHED,
      wallTime: 10,
    });
  });
});

describe('job event log', () => {
  it('reads a normal termination with its return value, timed from execute to terminate', () => {
    expect(statusFromEvents(parseEventLog(fixture('job_events.log')), 120)).toEqual({
      phase: 'ended',
      exitStatus: 4,
      exitReason: BatchJobExitReason.FAILED,
      wallTime: 12,
    });
  });

  it('reads an abnormal termination by signal', () => {
    expect(statusFromEvents(parseEventLog(fixture('job_events-signal.log')), 121)).toMatchObject({
      exitStatus: 139,
      exitReason: BatchJobExitReason.FAILED,
      wallTime: 3,
    });
  });

  it('reads a memory hold followed by its removal as MEMLIMIT', () => {
    expect(statusFromEvents(parseEventLog(fixture('job_events-held.log')), 122)).toMatchObject({
      exitReason: BatchJobExitReason.MEMLIMIT,
      detail: expect.stringContaining('HoldReasonCode 34'),
    });
  });

  it('reads a job still executing as running, and knows nothing of other clusters', () => {
    const events = parseEventLog(fixture('job_events-running.log'));
    const started = new Date('2026-11-24T10:03:05').getTime();
    expect(statusFromEvents(events, 123, started + 7000)).toEqual({ phase: 'running', elapsed: 7 });
    expect(statusFromEvents(events, 999)).toBeUndefined();
    expect(events.map((e) => e.code)).toEqual([0, 1]);
  });
});
