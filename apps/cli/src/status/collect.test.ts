import { describe, expect, it } from 'vitest';
import type { JobDescription, JobStore } from '@toil/core/backend';
import { classify, countJobs, traverseJobGraph } from './collect.js';

function job(id: string, extra: Partial<JobDescription> = {}): JobDescription {
  return {
    v: 1,
    id,
    name: `n.${id}`,
    displayName: `n.${id}`,
    args: [],
    requirements: { cores: 1, memory: 1, disk: 1, accelerators: [], preemptible: false },
    done: false,
    successors: [],
    predecessorCount: 0,
    remainingTries: 2,
    promises: [],
    services: [],
    ...extra,
  } as JobDescription;
}

/** A store that only loads jobs (what the traversal uses). */
function storeOf(jobs: JobDescription[]): JobStore {
  const byId = new Map(jobs.map((j) => [j.id, j]));
  return { tryLoad: async (id: string) => byId.get(id) } as unknown as JobStore;
}

describe('status classification', () => {
  it('follows Toil: successors left → has children; none → ready to run, or a zombie once done', () => {
    const present = new Set(['b']);
    const exists = (id: string) => present.has(id);
    expect([...classify(job('a', { done: true, successors: [['b'], ['gone']] }), exists).properties]).toEqual([
      'HAS_CHILDREN',
    ]);
    expect([...classify(job('a', { done: true, successors: [['gone']] }), exists).properties]).toEqual(['IS_ZOMBIE']);
    expect([...classify(job('a'), exists).properties]).toEqual(['READY_TO_RUN']);
    expect(classify(job('a', { remainingTries: 0, logFileId: 'log' }), exists).properties).toEqual(
      new Set(['READY_TO_RUN', 'FAILED']),
    );
    const host = classify(job('h', { service: { startFlagId: 's', terminateFlagId: 't', errorFlagId: 'e' } }), exists);
    expect(host.properties.has('IS_SERVICE')).toBe(true);
    expect(classify(job('c', { done: true, services: [{ hostId: 'h' }] }), exists).properties.has('HAS_SERVICES')).toBe(
      true,
    );
    expect(classify(job('a', { done: true, successors: [['b', 'gone'], []] }), exists).pending).toEqual([['b'], []]);
  });

  it('counts every category, log files included', () => {
    const reports = [
      classify(job('r', { done: true, successors: [['x']] }), () => true),
      classify(job('x', { logFileId: 'f', remainingTries: 0 }), () => true),
      classify(job('y', { done: true }), () => true),
    ];
    expect(countJobs(reports)).toEqual({
      considered: 3,
      withChildren: 1,
      readyToRun: 1,
      zombies: 1,
      withServices: 0,
      services: 0,
      withLogFiles: 1,
      failed: 1,
    });
  });

  it('walks successors and service hosts from the root once each, skipping jobs already gone', async () => {
    const jobs = [
      job('root', { done: true, successors: [['a', 'b'], ['c']], services: [{ hostId: 'svc' }] }),
      job('a', { done: true, successors: [['c']] }),
      job('b'),
      job('c'),
      job('svc'),
      job('orphan'),
    ];
    const found = await traverseJobGraph(storeOf(jobs), 'root');
    expect(found.map((j) => j.id).sort()).toEqual(['a', 'b', 'c', 'root', 'svc']);
    expect(await traverseJobGraph(storeOf(jobs.filter((j) => j.id !== 'b')), 'root')).toHaveLength(4);
  });
});
