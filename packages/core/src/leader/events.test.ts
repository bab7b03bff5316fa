import { describe, expect, it } from 'vitest';
import { combineEvents, jobEventSource, type JobEvent, type LeaderEvents, type LeaderProgress } from './events.js';

const PROGRESS: LeaderProgress = { completed: 1, issued: 2, running: 1, queued: 0, failed: 0 };

describe('jobEventSource', () => {
  it('sends each event with the totals after it', () => {
    const events: JobEvent[] = [];
    const source = jobEventSource(
      (e) => events.push(e),
      () => {},
      () => {},
    );
    source.jobIssued('a');
    source.jobFailed('a');
    source.jobRetried?.('a');
    source.jobIssued('a');
    source.jobCompleted('a');
    source.jobMissing();
    expect(events.map((e) => e.type)).toEqual(['issued', 'failed', 'retried', 'issued', 'completed', 'missing']);
    expect(events[0]).toEqual({
      type: 'issued',
      jobType: 'a',
      totals: { issued: 1, completed: 0, failed: 0, retried: 0, missing: 0 },
    });
    expect(events.at(-1)).toEqual({
      type: 'missing',
      totals: { issued: 2, completed: 1, failed: 1, retried: 1, missing: 1 },
    });
  });

  it("hands a throwing listener's error to onListenerError and keeps counting", () => {
    const errors: unknown[] = [];
    let last: JobEvent | undefined;
    let calls = 0;
    const source = jobEventSource(
      (e) => {
        calls++;
        last = e;
        throw new Error(`listener bug ${calls}`);
      },
      () => {
        throw new Error('progress bug');
      },
      (error) => errors.push(error),
    );
    source.jobIssued('a');
    source.jobCompleted('a');
    source.progress(PROGRESS);
    expect(last?.totals).toMatchObject({ issued: 1, completed: 1 });
    expect(errors.map((e) => (e as Error).message)).toEqual(['listener bug 1', 'listener bug 2', 'progress bug']);
  });
});

describe('combineEvents', () => {
  it('forwards every event to each observer, and one observer is returned as it is', () => {
    const seen: string[] = [];
    const observer = (name: string): LeaderEvents => ({
      jobIssued: (t) => seen.push(`${name} issued ${t}`),
      jobCompleted: (t) => seen.push(`${name} completed ${t}`),
      jobFailed: (t) => seen.push(`${name} failed ${t}`),
      jobMissing: () => seen.push(`${name} missing`),
      progress: (p) => seen.push(`${name} progress ${p.completed}`),
    });
    const metrics = observer('metrics');
    expect(combineEvents(undefined, metrics)).toBe(metrics);
    expect(combineEvents(undefined, undefined)).toBeUndefined();
    const both = combineEvents(metrics, observer('user'))!;
    both.jobIssued('x');
    both.jobRetried?.('x'); // neither observer has jobRetried: nothing to forward, nothing thrown
    both.jobMissing();
    both.progress(PROGRESS);
    expect(seen).toEqual([
      'metrics issued x',
      'user issued x',
      'metrics missing',
      'user missing',
      'metrics progress 1',
      'user progress 1',
    ]);
  });
});
