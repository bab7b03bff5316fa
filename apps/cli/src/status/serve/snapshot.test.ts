import { describe, expect, it } from 'vitest';
import type { JobDescription } from '@toil/core/backend';
import { classify } from '../collect.js';
import { blockedSuccessors, countStates, jobsToShow, mergeJobs, type JobView } from './snapshot.js';

const base = {
  v: 1,
  args: [],
  requirements: {},
  done: false,
  successors: [],
  predecessorCount: 1,
  remainingTries: 2,
  promises: [],
  services: [],
};
const job = (id: string, extra: Partial<JobDescription> = {}) =>
  ({ ...base, id, name: `n.${id}`, displayName: `n.${id}`, ...extra }) as unknown as JobDescription;

/** A root that ran, with children a (running), b (failed) and follow-on s (blocked behind them). */
const descs = [
  job('root', { done: true, successors: [['a', 'b'], ['s']] }),
  job('a'),
  job('b', { remainingTries: 0, logFileId: 'f' }),
  job('s'),
];
const reports = descs.map((d) => classify(d, () => true));

describe('status page snapshot', () => {
  it('blocks follow-ons while an earlier batch of their predecessor is in the store', () => {
    expect([...blockedSuccessors(reports)]).toEqual(['s']);
    const onlyFollowOn = [job('root', { done: true, successors: [['a'], ['s']] }), job('s')];
    expect(blockedSuccessors(onlyFollowOn.map((d) => classify(d, (id) => id === 's'))).size).toBe(0);
  });

  it('gives each job its state, tries left and stored log', () => {
    const jobs = mergeJobs(reports, new Map(), new Map([['b', 'it broke\n']]));
    expect([...jobs.values()].map((j) => [j.id, j.state, j.triesLeft, j.log])).toEqual([
      ['root', 'waiting', 2, undefined],
      ['a', 'ready', 2, undefined],
      ['b', 'failed', 0, 'it broke\n'],
      ['s', 'blocked', 2, undefined],
    ]);
  });

  it('keeps jobs that left the store as finished, with their name and successors', () => {
    const first = mergeJobs(reports, new Map(), new Map());
    const later = mergeJobs([classify(descs[0], (id) => id !== 'a'), reports[2], reports[3]], first, new Map());
    expect(later.get('a')).toEqual({
      id: 'a',
      name: 'n.a',
      displayName: 'n.a',
      state: 'finished',
      service: false,
      successors: [],
    });
    expect(countStates(later.values())).toEqual({
      failed: 1,
      ready: 0,
      blocked: 1,
      waiting: 1,
      finishing: 0,
      finished: 1,
    });
  });

  it('sends the most telling jobs first when there are too many', () => {
    const many: JobView[] = [
      ...Array.from({ length: 3 }, (_, i) => ({
        id: `f${i}`,
        name: 'x',
        displayName: 'x',
        state: 'finished' as const,
        service: false,
        successors: [],
      })),
      { id: 'bad', name: 'x', displayName: 'x', state: 'failed', service: false, successors: [] },
      { id: 'run', name: 'x', displayName: 'x', state: 'ready', service: false, successors: [] },
    ];
    expect(jobsToShow(many, 3).map((j) => j.id)).toEqual(['bad', 'run', 'f0']);
  });
});
