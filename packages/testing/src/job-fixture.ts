import type { JobDescription } from '@toil/core/backend';

/** A valid job description with the given ID, for tests; `overrides` replace any field. */
export function makeJob(id: string, overrides: Partial<JobDescription> = {}): JobDescription {
  return {
    v: 1,
    id,
    name: 'test.job',
    displayName: 'test job',
    args: { n: 42, list: [1, 'two', null, { deep: true }], text: 'ünïcödé ✓' },
    requirements: { cores: 1, memory: 2 ** 31, disk: 2 ** 30, accelerators: [], preemptible: false },
    done: false,
    successors: [],
    predecessorCount: 0,
    remainingTries: 2,
    promises: [],
    services: [],
    ...overrides,
  };
}
