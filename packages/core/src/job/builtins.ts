import { defineJob } from './define.js';

/**
 * The follow-on an encapsulated job gets: it does nothing, but successors attached to it run only after the
 * encapsulated job and all its descendants. Tiny requirements, like Toil's encapsulatedFollowOn.
 */
export const ENCAPSULATED_JOB = defineJob('toil.encapsulated', { cores: 0.1, memory: '32M', disk: 0 }, async () => undefined);
