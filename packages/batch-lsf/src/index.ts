/**
 * @toil/batch-lsf: `--batchSystem lsf` for IBM Spectrum LSF (10.1.0.2 or later). Install it next to @toil/cli; extra
 * bsub arguments come from TOIL_LSF_ARGS. Jobs LSF kills at their memory limit are retried with twice the memory
 * under `--doubleMem`.
 */
import type { BatchSystemPlugin } from '@toil/core/backend';

/** Plugin descriptor: cheap to import; the implementation loads on first use. */
export const plugin: BatchSystemPlugin = {
  kind: 'batchSystem',
  name: 'lsf',
  packageName: '@toil/batch-lsf',
  moduleUrl: import.meta.url,
  options: [],
  load: async () => {
    const { LsfBatchSystem } = await import('./lsf.js');
    const { gridPreflight } = await import('@toil/batch-grid');
    return {
      preflight: gridPreflight((context) => new LsfBatchSystem(context)),
      create: async (context) => {
        const batch = new LsfBatchSystem(context);
        await batch.verifyCommands();
        return batch;
      },
    };
  },
};

export { LsfBatchSystem, LSF_ARGS_ENV } from './lsf.js';
export { BJOBS_FIELDS, parseBjobsJson, parseBsubOutput, type BjobsRow } from './lsf-parse.js';
export { parseRunTime, statusFromRecord, type BjobsRecord } from './lsf-states.js';
