/**
 * `toil-worker <locator> <jobId>`: runs one job (and whatever it chains) in a fresh process. Batch systems that
 * submit command lines (Slurm, GridEngine, ...) run this. Exit status 0 = the job committed; 1 = it failed and
 * its log is in the job store.
 */
import { JOBSTORE_PLUGIN_ENV } from './leader/run-leader.js';
import { openWorkerRuntime } from './worker/open-runtime.js';
import { runWorker } from './worker/run-worker.js';
import { exitWhenOutputCloses, watchStrayFailures } from './worker/stray-failures.js';

process.setSourceMapsEnabled(true);
// An error an ended job left behind must not fail the job chained after it; this process ends with the run anyway.
watchStrayFailures((failure) => process.stderr.write(`${failure.text}\n`));
exitWhenOutputCloses();
const [locator, jobId] = process.argv.slice(2);
if (!locator || !jobId) {
  process.stderr.write('usage: toil-worker <jobStoreLocator> <jobStoreID>\n');
  process.exit(2);
}
try {
  const runtime = await openWorkerRuntime(locator, process.env[JOBSTORE_PLUGIN_ENV]);
  const result = await runWorker(runtime, jobId);
  if (!result.ok) process.stderr.write(`${result.error ?? 'job failed'}\n`);
  process.exit(result.ok ? 0 : 1);
} catch (error) {
  process.stderr.write(`toil-worker: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
