/**
 * @toil/batch-gridengine: `--batchSystem grid_engine` (Son of Grid Engine, UGE). Install it next to @toil/cli;
 * extra qsub arguments come from TOIL_GRIDENGINE_ARGS, the parallel environment of multi-core jobs from
 * TOIL_GRIDENGINE_PE.
 */
import type { BatchSystemPlugin } from '@toil/core/backend';

/** Plugin descriptor: cheap to import; the implementation loads on first use. */
export const plugin: BatchSystemPlugin = {
  kind: 'batchSystem',
  name: 'grid_engine',
  packageName: '@toil/batch-gridengine',
  moduleUrl: import.meta.url,
  options: [],
  load: async () => {
    const { GridEngineBatchSystem } = await import('./gridengine.js');
    const { gridPreflight } = await import('@toil/batch-grid');
    return {
      preflight: gridPreflight((context) => new GridEngineBatchSystem(context)),
      create: async (context) => {
        const batch = new GridEngineBatchSystem(context);
        await batch.verifyCommands();
        return batch;
      },
    };
  },
};

export { GridEngineBatchSystem, type GridEngineOptions } from './gridengine.js';
export { GRIDENGINE_ARGS_ENV, GRIDENGINE_PE_ENV, qsubArgv, qsubSettings, type QsubSettings } from './qsub-args.js';
export { parseQstatXml, parseQstatErrorReasons, type QstatRow } from './qstat-parse.js';
export { parseQacct, latestRecords, type AccountingRecord } from './qacct-parse.js';
export { phaseOfState, statusFromAccounting, type QstatPhase } from './sge-states.js';
export { gridEngineEnv, SGE_VARIABLES } from './sge-env.js';
