import type { WorkflowConfig } from '@toil/core';
import type { BatchSystemContext } from '@toil/core/backend';
import type { GridBatchSystem } from './grid-batch-system.js';

/**
 * A plugin `preflight` for a grid batch system: builds one the way the leader will (so its settings are validated:
 * TOIL_*_ARGS, backend options) and checks its commands, before any job store exists. `noStdOutErr` keeps the
 * throwaway instance from creating the workflow's output directory.
 */
export function gridPreflight(
  create: (context: BatchSystemContext) => GridBatchSystem,
): (config: WorkflowConfig) => Promise<void> {
  return async (config) => {
    const batch = create({
      config: { ...config, noStdOutErr: true },
      maxCores: config.maxCores,
      maxMemory: config.maxMemory,
      maxDisk: config.maxDisk,
      locator: config.jobStore,
      pluginPaths: {},
    });
    await batch.verifyCommands();
  };
}
