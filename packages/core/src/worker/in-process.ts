import { join } from 'node:path';
import { ensureWorkflowLoaded } from '../deploy/deploy.js';
import { openJobStore } from '../jobstore/open.js';
import { parseLocator } from '../options/locator.js';
import { loadPluginFromUrl } from '../plugins/registry.js';
import { runWorker, type WorkerResult } from './run-worker.js';
import { localWorkflowDir, type WorkerRuntime } from './runtime.js';

/** Runs jobs of one workflow inside this process (see {@link inProcessRunner}). */
export interface InProcessRunner {
  /**
   * Run a job (and whatever it chains) with the worker's own code. Resolves when the run ends; rejects only when
   * the job could not be run at all (the job store or the workflow failed to open).
   */
  run(jobId: string): Promise<WorkerResult>;
}

/**
 * The runtime for jobs run inside the leader's process. Unlike a worker process's runtime it does not tee
 * stdout/stderr: jobs running side by side in one process cannot tell their output apart, and Toil's debugWorker
 * leaves the output alone. A successful job's log (for `--writeLogsFromAllJobs`) is then its `ctx.log` messages.
 */
async function openInProcessRuntime(locator: string, pluginUrl: string | undefined): Promise<WorkerRuntime> {
  const store = pluginUrl
    ? (await loadPluginFromUrl('jobStore', parseLocator(locator).scheme, pluginUrl)).create(locator)
    : (await openJobStore(locator)).store;
  const stored = await store.resume();
  // --badWorker SIGKILLs the process running the job, which here is the leader.
  const config = { ...stored, badWorker: 0 };
  const dir = localWorkflowDir(config);
  // The leader loaded this bundle already (same hash), so this only checks that every job is registered.
  await ensureWorkflowLoaded(store, join(dir, 'bundles'));
  // The leader prints every job's ctx.log messages from the job store: echoing them here too would show each twice.
  return { store, config, localWorkflowDir: dir, echo: () => undefined };
}

/**
 * Jobs of the workflow in `locator` run in this process with the worker's own code, as a warm worker would run
 * them: the same commit order, so a job that throws is a failed attempt with its log, and a leader killed in the
 * middle leaves a store that `--restart` finishes. For `--debugWorker` (single_machine): a debugger attached to
 * the leader stops at breakpoints in job code. Make one per run: the job store and config are read at the first
 * job and kept for the runner's life.
 */
export function inProcessRunner(locator: string, pluginUrl?: string): InProcessRunner {
  let runtime: Promise<WorkerRuntime> | undefined;
  return {
    async run(jobId) {
      if (!runtime) {
        const opening = openInProcessRuntime(locator, pluginUrl);
        runtime = opening;
        // A store that failed to open is tried again by the next job, as a fresh worker process would.
        opening.catch(() => {
          if (runtime === opening) runtime = undefined;
        });
      }
      return runWorker(await runtime, jobId);
    },
  };
}
