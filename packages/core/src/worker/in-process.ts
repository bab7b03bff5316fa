import { join } from 'node:path';
import { ensureWorkflowLoaded } from '../deploy/deploy.js';
import { openJobStore } from '../jobstore/open.js';
import { parseLocator } from '../options/locator.js';
import { loadPluginFromUrl } from '../plugins/registry.js';
import { runWorker, type WorkerResult } from './run-worker.js';
import { localWorkflowDir, type WorkerRuntime } from './runtime.js';

const runtimes = new Map<string, Promise<WorkerRuntime>>();

/**
 * The runtime for jobs run inside the leader's process (`--debugWorker`), made once per job store. Unlike a
 * worker process's runtime it does not tee stdout/stderr: jobs running side by side in one process cannot tell
 * their output apart, and Toil's debugWorker leaves the output alone. A successful job's log (for
 * `--writeLogsFromAllJobs`) is then its `ctx.log` messages.
 */
function inProcessRuntime(locator: string, pluginUrl: string | undefined): Promise<WorkerRuntime> {
  let runtime = runtimes.get(locator);
  if (!runtime) {
    runtime = (async () => {
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
    })();
    runtimes.set(locator, runtime);
    runtime.catch(() => runtimes.delete(locator));
  }
  return runtime;
}

/**
 * Run a job (and whatever it chains) in this process with the worker's own code, as a warm worker would: the
 * same commit order, so a job that throws is recorded as a failed attempt with its log, and a leader killed in
 * the middle leaves a store that `--restart` finishes. For `--debugWorker` (single_machine): a debugger attached
 * to the leader stops at breakpoints in job code. Resolves when the run ends; rejects only when the job could
 * not be run at all (the job store or workflow failed to open).
 */
export async function runWorkerInProcess(locator: string, jobId: string, pluginUrl?: string): Promise<WorkerResult> {
  return runWorker(await inProcessRuntime(locator, pluginUrl), jobId);
}
