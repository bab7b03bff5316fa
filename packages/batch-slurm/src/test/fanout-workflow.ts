/**
 * A workflow for the backend-options test: three children with equal requirements issued together, which the
 * Slurm batch system submits as one job array unless `slurmJobArrays` is off.
 */
import { defineJob } from '@toil/core';

export const square = defineJob(
  'slurmopts.square',
  { cores: 1, memory: '100M', disk: '100M' },
  async (_ctx, x: number) => x * x,
);

export const main = defineJob('slurmopts.main', { cores: 1, memory: '100M', disk: '100M' }, async (ctx) => {
  const parts = [1, 2, 3].map((x) => ctx.addChild(square, x).rv());
  return parts;
});
