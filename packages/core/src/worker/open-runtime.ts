import { join } from 'node:path';
import { ensureWorkflowLoaded } from '../deploy/deploy.js';
import { parseLocator } from '../options/locator.js';
import { loadPluginFromUrl } from '../plugins/registry.js';
import { openJobStore } from '../jobstore/open.js';
import { captureProcessOutput } from './output-capture.js';
import { localWorkflowDir, stderrEcho, type WorkerRuntime } from './runtime.js';

const runtimes = new Map<string, Promise<WorkerRuntime>>();

/**
 * The runtime for a job store, made once per worker process: open the store (through the plugin module the
 * leader named, so workers need not resolve packages themselves), read the config, load the workflow bundle.
 * Only worker entry points call this, so it is also where this process's output starts being captured.
 */
export function openWorkerRuntime(locator: string, pluginUrl: string | undefined): Promise<WorkerRuntime> {
  let runtime = runtimes.get(locator);
  if (!runtime) {
    runtime = (async () => {
      const store = pluginUrl
        ? (await loadPluginFromUrl('jobStore', parseLocator(locator).scheme, pluginUrl)).create(locator)
        : (await openJobStore(locator)).store;
      const config = await store.resume();
      const dir = localWorkflowDir(config);
      await ensureWorkflowLoaded(store, join(dir, 'bundles'));
      const output = captureProcessOutput();
      output.setLimit(config.maxLogFileSize);
      return { store, config, localWorkflowDir: dir, echo: stderrEcho, output };
    })();
    runtimes.set(locator, runtime);
    runtime.catch(() => runtimes.delete(locator));
  }
  return runtime;
}
