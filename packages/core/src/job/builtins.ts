import { defineJob } from './define.js';

/**
 * The follow-on an encapsulated job gets: it does nothing, but successors attached to it run only after the
 * encapsulated job and all its descendants. Tiny requirements, like Toil's encapsulatedFollowOn.
 */
export const ENCAPSULATED_JOB = defineJob(
  'toil.encapsulated',
  { cores: 0.1, memory: '32M', disk: 0 },
  async () => undefined,
);

/**
 * Resolves a return value that has promises inside it (`return { total: h.rv(), n }`): the returning job adds
 * this as a follow-on with the value as its argument, whose promises are then ordinary argument promises.
 */
export const RESOLVE_JOB = defineJob(
  'toil.resolve',
  { cores: 0.1, memory: '32M', disk: 0 },
  async (_ctx, value: unknown) => value,
);
