import { setTimeout as sleep } from 'node:timers/promises';
import { decode } from '../codec/codec.js';
import { ToilError } from '../errors.js';
import { FileStore } from '../filestore/filestore.js';
import type { JobDescription } from '../jobstore/description.js';
import { GraphBuilder } from '../job/builder.js';
import { RunContext } from '../job/context.js';
import { lookupService } from '../job/define.js';
import { PendingJob } from '../job/graph.js';
import { fulfilPromises } from './commit.js';
import type { WorkerRuntime } from './runtime.js';

/** How often the host looks at its flag files; `check()` runs every `--servicePollingInterval`. */
const FLAG_POLL_MS = 200;

/** The service's check() reported a failure, or the leader asked it to stop because the workflow failed. */
export class ServiceFailedError extends ToilError {
  constructor(name: string, detail: string) {
    super('SERVICE_FAILED', `Service '${name}' failed: ${detail}`);
  }
}

/**
 * Host a service for its whole life (Toil's ServiceHostJob): start it, hand its value to the promises, signal
 * "started" by deleting the start flag, then keep it up until the leader deletes the terminate flag (normal
 * end) or the error flag (the workflow failed), or until check() says it finished. stop() always runs.
 */
export async function runServiceHost(rt: WorkerRuntime, job: JobDescription): Promise<void> {
  const flags = job.service!;
  const def = lookupService(job.name);
  const args = decode(job.args) as unknown[];
  const fileStore = new FileStore(rt.store, job.id, rt.localWorkflowDir);
  const builder = new GraphBuilder(
    new PendingJob(job.id, undefined, job.displayName, [], job.requirements, false),
    () => rt.store.assignId(),
    rt.config,
  );
  const ctx = new RunContext(job.id, job.name, rt.config.workflowId, fileStore, builder, (m) =>
    rt.echo(job.id, job.displayName, m),
  );
  const instance = def.create(ctx, ...args);
  let failure: { error: unknown } | undefined;
  try {
    const value = await instance.start();
    await fulfilPromises(rt.store, job.promises, value);
    await rt.store.deleteFile(flags.startFlagId);
    let lastCheck = Date.now();
    for (;;) {
      if (!(await rt.store.fileExists(flags.terminateFlagId))) break;
      if (!(await rt.store.fileExists(flags.errorFlagId)))
        throw new ServiceFailedError(job.displayName, 'the workflow failed, so the leader stopped it');
      if (instance.check && Date.now() - lastCheck >= rt.config.servicePollingInterval * 1000) {
        lastCheck = Date.now();
        if (!(await instance.check())) break;
      }
      await sleep(FLAG_POLL_MS);
    }
  } catch (error) {
    failure = { error };
  }
  // stop() always runs. The service's own failure (a start() or check() that threw) stays the error the user sees.
  try {
    await instance.stop();
  } catch (stopError) {
    if (!failure) throw stopError;
    ctx.log(
      `stop() of service '${job.displayName}' also failed: ${stopError instanceof Error ? stopError.message : String(stopError)}`,
      'ERROR',
    );
  }
  if (failure) throw failure.error;
  await rt.store.delete(job.id);
}
