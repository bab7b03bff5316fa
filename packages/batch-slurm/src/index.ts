/**
 * @toil/batch-slurm: `--batchSystem slurm`. Install it next to @toil/cli; extra sbatch arguments come from
 * TOIL_SLURM_ARGS.
 */
import type { BatchSystemPlugin } from '@toil/core/backend';

/** Plugin descriptor: cheap to import; the implementation loads on first use. */
export const plugin: BatchSystemPlugin = {
  kind: 'batchSystem',
  name: 'slurm',
  packageName: '@toil/batch-slurm',
  moduleUrl: import.meta.url,
  options: [
    {
      name: 'slurmJobArrays',
      type: 'boolean',
      default: true,
      description:
        'Submit jobs with the same requirements that are issued together as one Slurm job array (one sbatch call)',
    },
    {
      name: 'slurmReuseTasks',
      type: 'boolean',
      default: true,
      description:
        "Let a job array's task that has finished its job run the array's jobs Slurm has not started yet, instead of " +
        'waiting for Slurm to start a task for each (Slurm refills free cores about once a second); not with ' +
        '--maxJobDuration, which limits each task',
    },
  ],
  load: async () => {
    const { SlurmBatchSystem } = await import('./slurm.js');
    const { gridPreflight } = await import('@toil/batch-grid');
    return {
      preflight: gridPreflight((context) => new SlurmBatchSystem(context)),
      create: async (context) => {
        const batch = new SlurmBatchSystem(context);
        await batch.verifyCommands();
        return batch;
      },
    };
  },
};

export { SlurmBatchSystem, SLURM_ARGS_ENV } from './slurm.js';
export { parseSacct, parseScontrol, parseSqueue } from './slurm-parse.js';
