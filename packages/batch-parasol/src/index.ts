/**
 * @toil/batch-parasol: `--batchSystem parasol` for the Parasol cluster manager. Install it next to @toil/cli; it adds
 * `--parasolCommand` and `--parasolMaxBatches` to the command line. Parasol runs no clean-up on nodes, so use it
 * with `--disableCaching`.
 */
import type { BatchSystemPlugin } from '@toil/core/backend';

/** Plugin descriptor: cheap to import; the implementation loads on first use. */
export const plugin: BatchSystemPlugin = {
  kind: 'batchSystem',
  name: 'parasol',
  packageName: '@toil/batch-parasol',
  moduleUrl: import.meta.url,
  options: [
    {
      name: 'parasolCommand',
      type: 'string',
      default: 'parasol',
      description: 'The name or path of the parasol program. Will be looked up on PATH unless it starts with a slash',
    },
    {
      name: 'parasolMaxBatches',
      type: 'number',
      default: 1000,
      description:
        'Maximum number of job batches the Parasol batch is allowed to create. One batch is created for jobs with a unique set of resource requirements',
    },
  ],
  load: async () => {
    const { ParasolBatchSystem } = await import('./parasol.js');
    const { gridPreflight } = await import('@toil/batch-grid');
    return {
      preflight: gridPreflight((context) => new ParasolBatchSystem(context)),
      create: async (context) => {
        const batch = new ParasolBatchSystem(context);
        await batch.verifyCommands();
        return batch;
      },
    };
  },
};

export { ParasolBatchSystem, PARASOL_DEFAULTS } from './parasol.js';
export { parseAddJobOutput, parsePstat2, parseResults, statusFromWait } from './parasol-parse.js';
