import { fileURLToPath } from 'node:url';
import type { BatchSystemContext } from '../batch/batch-system.js';
import { NoSpaceLeftError, ToilUsageError } from '../errors.js';
import type { JobStore } from '../jobstore/jobstore.js';
import type { Logger } from '../log/logger.js';
import type { WorkflowConfig } from '../options/config.js';
import { loadPlugin } from '../plugins/registry.js';
import { cachingFileStoreModule, findCachingFileStoreModule, FILESTORE_MODULE_ENV } from '../filestore/provider.js';
import { decideCaching } from '../filestore/caching-default.js';
import { combineEvents, type LeaderEvents } from './events.js';
import { Leader, type LeaderProgress } from './leader.js';
import { runLeftoverDeferred } from '../worker/deferred-leftovers.js';
import { clearKillFlag, watchKillFlag } from './kill-flag.js';
import type { MetricsEndpoint } from '../metrics/endpoint.js';
import { createAutoscaler, stopAutoscaler } from '../autoscale/start.js';
import type { ClusterScaler } from '../autoscale/scaler.js';

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
  /** Per-job events for an embedding program (`toil.on('job', ...)`), besides the metrics endpoint's. */
  events?: LeaderEvents;
  /**
   * Aborting stops the leader: it shuts the batch system down (killing issued jobs) and throws
   * WorkflowKilledError. A string reason names who stopped it (e.g. `SIGTERM`). The kill flag of `toil kill` has
   * the same effect.
   */
  signal?: AbortSignal;
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
  const env: Record<string, string> = {
    ...store.getEnv(),
    ...config.environment,
    // --containerEngine reaches dockerCall (@toil/containers) in the workers as the variable it reads.
    ...(config.containerEngine ? { TOIL_CONTAINER_ENGINE: config.containerEngine } : {}),
    [JOBSTORE_PLUGIN_ENV]: options.jobStorePluginUrl,
  };
  const context: BatchSystemContext = {
    config,
    maxCores: config.maxCores,
    maxMemory: config.maxMemory,
    maxDisk: config.maxDisk,
    locator: config.jobStore,
    pluginPaths: { [`jobStore`]: options.jobStorePluginUrl },
    log,
  };
  // A flag left by a `toil kill` of an earlier run must not stop this one.
  await clearKillFlag(store);
  const stop = new AbortController();
  const forward = () => stop.abort(options.signal?.reason);
  if (options.signal?.aborted) forward();
  options.signal?.addEventListener('abort', forward, { once: true });
  const batch = await implementation.create(context);
  if (config.disableCaching === false && !batch.supportsWorkerCleanup()) {
    // As in Toil: nothing would remove the node caches (whole files per workflow) from the nodes afterwards.
    await batch.shutdown();
    throw new ToilUsageError(
      `The ${config.batchSystem} batch system does not clean up a node after the workflow's last job there, which the caching file store needs (its cache would stay on the nodes). Leave out --disableCaching false, or use single_machine.`,
    );
  }
  const caching = decideCaching(config, {
    workerCleanup: batch.supportsWorkerCleanup(),
    installed: findCachingFileStoreModule() !== undefined,
  });
  // Resolved here, where backend packages are found, before any job runs: a missing package fails the run now.
  // Set even when off ('') so that workers follow this decision, never a value left in the user's environment.
  env[FILESTORE_MODULE_ENV] = caching.on ? cachingFileStoreModule() : '';
  const killWatch = watchKillFlag(store, (request) => stop.abort(`toil kill from ${request.host}`));
  for (const [name, value] of Object.entries(env)) batch.setEnv(name, value);
  const started = Date.now();
  log.info(`Running the workflow on ${config.batchSystem} with job store ${config.jobStore}`);
  log.info(`Caching file store ${caching.on ? 'on' : 'off'}: ${caching.reason}`);
  let metrics: MetricsEndpoint | undefined;
  let scaler: ClusterScaler | undefined;
  try {
    // Imported on demand so that prom-client is loaded only by leaders that serve metrics.
    if (config.metrics)
      metrics = await (
        await import('../metrics/endpoint.js')
      ).startMetricsEndpoint(config.metricsPort, log, config.metricsHost);
    const events = combineEvents(metrics?.events, options.events);
    scaler = await createAutoscaler(config, batch, log, events);
    const leader = new Leader({
      store,
      batch,
      config,
      rootId: options.rootId,
      log,
      workerCommand: [process.execPath, workerEntryPath(), config.jobStore],
      env,
      onProgress: options.onProgress,
      events,
      signal: stop.signal,
      admit: scaler && ((name, requirements) => scaler?.checkJob(name, requirements)),
      onJobEnded: scaler && ((name, seconds) => scaler?.runtimes.record(name, seconds)),
    });
    scaler?.start(leader);
    try {
      await leader.run();
    } finally {
      // Before the batch system shuts down: the last pass asks it which nodes still run jobs.
      if (scaler) await stopAutoscaler(scaler, config, log);
    }
    const seconds = (Date.now() - started) / 1000;
    log.info(`Finished the workflow in ${seconds.toFixed(2)} s`);
    if (config.stats) await store.writeStatsAndLogging(JSON.stringify(workflowStats(config, seconds)));
  } catch (error) {
    // A full disk is the user's to fix, not a bug: one line naming the store (a failed write has no path).
    throw NoSpaceLeftError.from(error, config.jobStore) ?? error;
  } finally {
    killWatch.stop();
    options.signal?.removeEventListener('abort', forward);
    await batch.shutdown();
    await runLeftoverDeferred(config, log);
    await metrics?.close();
  }
}

/**
 * The leader's own record for `toil stats` (with `--stats`): what the header of Toil's report shows. Workers add
 * one record per worker run with per-job figures.
 */
function workflowStats(config: WorkflowConfig, runtimeSeconds: number) {
  const cpu = process.cpuUsage();
  return {
    workflow: {
      batchSystem: config.batchSystem,
      defaultCores: config.defaultCores,
      defaultMemory: config.defaultMemory,
      defaultDisk: config.defaultDisk,
      // JSON has no Infinity: null means unlimited.
      maxCores: Number.isFinite(config.maxCores) ? config.maxCores : null,
      attempt: config.workflowAttemptNumber,
      runtime: runtimeSeconds,
      leaderClock: (cpu.user + cpu.system) / 1e6,
      finishedAt: new Date().toISOString(),
    },
  };
}
