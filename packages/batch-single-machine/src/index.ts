/**
 * @toil/batch-single-machine: runs jobs on this machine in a pool of warm worker processes.
 * `--batchSystem single_machine` (the default).
 */
import type { BatchSystemPlugin } from '@toil/core/backend';

/** Plugin descriptor: cheap to import; the implementation loads on first use. */
export const plugin: BatchSystemPlugin = {
  kind: 'batchSystem',
  name: 'single_machine',
  packageName: '@toil/batch-single-machine',
  moduleUrl: import.meta.url,
  options: [],
  load: async () => {
    const { SingleMachineBatchSystem } = await import('./single-machine.js');
    return { create: (context) => new SingleMachineBatchSystem(context) };
  },
};

export { SingleMachineBatchSystem } from './single-machine.js';
export { ResourcePool } from './resources.js';
