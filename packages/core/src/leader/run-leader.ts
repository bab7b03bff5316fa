import { fileURLToPath } from 'node:url';
import type { BatchSystemContext } from '../batch/batch-system.js';
import type { JobStore } from '../jobstore/jobstore.js';
import type { Logger } from '../log/logger.js';
import type { WorkflowConfig } from '../options/config.js';
import { loadPlugin } from '../plugins/registry.js';
import { Leader, type LeaderProgress } from './leader.js';

export type { LeaderProgress };

/** Environment variable through which workers learn which module implements the job store. */
export const JOBSTORE_PLUGIN_ENV = 'TOIL_JOBSTORE_PLUGIN';

/** Inputs of one leader run. */
export interface RunLeaderOptions {
  config: WorkflowConfig;
  store: JobStore;
  rootId: string;
  log: Logger;
  jobStorePluginUrl: string;
  onProgress?(progress: LeaderProgress): void;
}

/** Path of the `toil-worker` entry point of this copy of @toil/core. */
export function workerEntryPath(): string {
  return fileURLToPath(new URL('./worker-cli.js', import.meta.url));
}

/** Create the configured batch system, run the leader to the end, and always shut the batch system down. */
export async function runLeader(options: RunLeaderOptions): Promise<void> {
  const { config, store, log } = options;
  const plugin = await loadPlugin('batchSystem', config.batchSystem);
  const implementation = await plugin.load();
  const env = { ...store.getEnv(), ...config.environment, [JOBSTORE_PLUGIN_ENV]: options.jobStorePluginUrl };
  const context: BatchSystemContext = {
    config,
    maxCores: config.maxCores,
    maxMemory: config.maxMemory,
    maxDisk: config.maxDisk,
    locator: config.jobStore,
    pluginPaths: { [`jobStore`]: options.jobStorePluginUrl },
  };
  const batch = await implementation.create(context);
  for (const [name, value] of Object.entries(env)) batch.setEnv(name, value);
  const started = Date.now();
  log.info(`Running the workflow on ${config.batchSystem} with job store ${config.jobStore}`);
  try {
    const leader = new Leader({
      store,
      batch,
      config,
      rootId: options.rootId,
      log,
      workerCommand: [process.execPath, workerEntryPath(), config.jobStore],
      env,
      onProgress: options.onProgress,
    });
    await leader.run();
    log.info(`Finished the workflow in ${((Date.now() - started) / 1000).toFixed(2)} s`);
  } finally {
    await batch.shutdown();
  }
}
