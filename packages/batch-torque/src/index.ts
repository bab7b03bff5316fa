/**
 * @toil/batch-torque: `--batchSystem torque` for Torque (PBS). Install it next to @toil/cli; extra qsub arguments
 * come from TOIL_TORQUE_ARGS, extra `-l` resource values from TOIL_TORQUE_REQS.
 */
import type { BatchSystemPlugin } from '@toil/core/backend';

/** Plugin descriptor: cheap to import; the implementation loads on first use. */
export const plugin: BatchSystemPlugin = {
  kind: 'batchSystem',
  name: 'torque',
  packageName: '@toil/batch-torque',
  moduleUrl: import.meta.url,
  options: [],
  load: async () => {
    const { TorqueBatchSystem } = await import('./torque.js');
    const { gridPreflight } = await import('@toil/batch-grid');
    return {
      preflight: gridPreflight((context) => new TorqueBatchSystem(context)),
      create: async (context) => {
        const batch = new TorqueBatchSystem(context);
        await batch.verifyCommands();
        return batch;
      },
    };
  },
};

export { TorqueBatchSystem, TORQUE_ARGS_ENV, TORQUE_REQS_ENV } from './torque.js';
export { parseQstatFull, parseQsubOutput, parseTracejob, sequenceNumber, type QstatJob } from './torque-parse.js';
export { statusFromAttributes, statusFromExit } from './torque-states.js';
