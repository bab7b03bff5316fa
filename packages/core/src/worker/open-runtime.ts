import { join } from 'node:path';
import { ensureWorkflowLoaded } from '../deploy/deploy.js';
import { parseLocator } from '../options/locator.js';
import { loadPluginFromUrl } from '../plugins/registry.js';
import { openJobStore } from '../jobstore/open.js';
import { captureProcessOutput } from './output-capture.js';
import { cachingEnabled, FILESTORE_MODULE_ENV, openFileStoreProvider } from '../filestore/provider.js';
import { LoadError } from '../errors.js';
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
      const fileStores = cachingEnabled(config) ? await openCachingFileStore({ store, config, dir }) : undefined;
      return { store, config, localWorkflowDir: dir, echo: stderrEcho, output, fileStores };
    })();
    runtimes.set(locator, runtime);
    runtime.catch(() => runtimes.delete(locator));
  }
  return runtime;
}

/** The caching file store of the module the leader named in the environment (see run-leader.ts). */
async function openCachingFileStore(runtime: Pick<WorkerRuntime, 'store' | 'config'> & { dir: string }) {
  const moduleUrl = process.env[FILESTORE_MODULE_ENV];
  if (!moduleUrl)
    throw new LoadError(
      `The workflow uses the caching file store (--disableCaching false) but ${FILESTORE_MODULE_ENV} is not set in this worker's environment: start workers through the leader, or set it to the URL of @toil/filestore-cache.`,
    );
  return openFileStoreProvider(moduleUrl, {
    store: runtime.store,
    config: runtime.config,
    localWorkflowDir: runtime.dir,
  });
}
