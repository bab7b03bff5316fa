import type { Logger } from '../log/logger.js';
import type { WorkflowConfig } from '../options/config.js';
import { runOrphanedDeferred } from './deferred.js';
import { deferredDir } from './deferred-dir.js';
import { localWorkflowDir } from './runtime.js';

/**
 * When the leader ends the workflow (the batch system shut down, so no worker of it runs on this node any more):
 * run the deferred functions that killed workers left on this node, as Toil's batch systems do in their worker
 * clean-up, before `--cleanWorkDir` removes the directory that holds them. Never throws: the workflow's own outcome
 * is what the leader reports.
 */
export async function runLeftoverDeferred(config: WorkflowConfig, log: Logger): Promise<void> {
  try {
    const ran = await runOrphanedDeferred(deferredDir(localWorkflowDir(config)), (text) => log.warn(text));
    if (ran) log.info(`Ran the deferred functions of ${ran} job run(s) whose worker was killed`);
  } catch (error) {
    log.warn(
      `Could not run deferred functions left by killed workers: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
