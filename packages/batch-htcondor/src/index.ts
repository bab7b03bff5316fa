/**
 * @toil/batch-htcondor: `--batchSystem htcondor`. Install it next to @toil/cli; extra submit-description commands
 * come from TOIL_HTCONDOR_PARAMS (`key = value` pairs separated by `;`).
 */
import type { BatchSystemPlugin } from '@toil/core/backend';

/** Plugin descriptor: cheap to import; the implementation loads on first use. */
export const plugin: BatchSystemPlugin = {
  kind: 'batchSystem',
  name: 'htcondor',
  packageName: '@toil/batch-htcondor',
  moduleUrl: import.meta.url,
  options: [],
  load: async () => {
    const { HTCondorBatchSystem } = await import('./htcondor.js');
    const { gridPreflight } = await import('@toil/batch-grid');
    return {
      preflight: gridPreflight((context) => new HTCondorBatchSystem(context)),
      create: async (context) => {
        const batch = new HTCondorBatchSystem(context);
        await batch.verifyCommands();
        return batch;
      },
    };
  },
};

export { HTCondorBatchSystem } from './htcondor.js';
export { HTCONDOR_PARAMS_ENV, parseParams, submitDescription, type SubmitDescriptionInput } from './htcondor-submit.js';
export { parseAds, parseSubmitOutput } from './htcondor-parse.js';
export { parseEventLog, statusFromEvents, type JobEvent } from './htcondor-events.js';
export { AD_ATTRIBUTES, isFailedHold, statusFromAd, type JobAd } from './htcondor-states.js';
