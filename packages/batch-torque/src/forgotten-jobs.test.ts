import { BatchJobExitReason } from '@toil/core/backend';
import { describe, expect, it } from 'vitest';
import { ForgottenJobs } from './forgotten-jobs.js';

const end = { phase: 'ended', exitStatus: 0, exitReason: BatchJobExitReason.FINISHED } as const;

describe('ForgottenJobs', () => {
  it('traces at most the cap per poll, the jobs that waited longest first', () => {
    const jobs = new ForgottenJobs(2);
    const ids = ['1', '2', '3', '4', '5'];
    const first = jobs.plan(ids);
    expect(first).toEqual({ known: new Map(), trace: ['1', '2'], later: ['3', '4', '5'] });
    // The logs hold no end for 1 and 2 yet: they go behind the jobs never traced.
    for (const id of first.trace) jobs.record(id, undefined);
    expect(jobs.plan(ids).trace).toEqual(['3', '4']);
    jobs.record('3', undefined);
    jobs.record('4', undefined);
    expect(jobs.plan(ids).trace).toEqual(['5', '1']);
  });

  it('never traces a job again once its end was found', () => {
    const jobs = new ForgottenJobs(2);
    jobs.plan(['1', '2']);
    jobs.record('1', end);
    jobs.record('2', undefined);
    const again = jobs.plan(['1', '2']);
    expect(again.known).toEqual(new Map([['1', end]]));
    expect(again.trace).toEqual(['2']);
    expect(again.later).toEqual([]);
  });
});
