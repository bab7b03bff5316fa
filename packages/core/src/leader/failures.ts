import { BatchJobExitReason, type UpdatedBatchJobInfo } from '../batch/batch-system.js';
import type { JobStore } from '../jobstore/jobstore.js';
import type { Logger } from '../log/logger.js';
import type { WorkflowConfig } from '../options/config.js';
import type { JobNode } from './job-node.js';
import type { JobLogFiles } from './job-log-files.js';

/**
 * How many tries a failed attempt costs: none when the batch system reports the job LOST (its node was preempted
 * or vanished) and `--enableUnlimitedPreemptibleRetries` is on, as in Toil, whose flag waives exactly LOST
 * failures, whatever the job's preemptible flag; one otherwise. A failure the job itself caused always costs one.
 */
export function triesCharged(
  update: UpdatedBatchJobInfo | undefined,
  config: Pick<WorkflowConfig, 'enableUnlimitedPreemptibleRetries'>,
): 0 | 1 {
  return config.enableUnlimitedPreemptibleRetries && update?.exitReason === BatchJobExitReason.LOST ? 0 : 1;
}

/**
 * Count one failed attempt of a job: print its log the way Toil does (every line prefixed with the job's ID),
 * write it to a `failed_` file with --writeLogs/--writeLogsGzip (the job's stored log and the batch system's
 * output of the attempt), take one try off (unless triesCharged waives it), and store that, so a leader restart
 * keeps the count.
 */
export async function reportFailedAttempt(
  store: JobStore,
  log: Logger,
  node: JobNode,
  update: UpdatedBatchJobInfo | undefined,
  config: Pick<WorkflowConfig, 'enableUnlimitedPreemptibleRetries'>,
  logFiles?: JobLogFiles,
): Promise<void> {
  const desc = node.desc;
  let text = '';
  if (desc.logFileId) {
    text = (await store.readFileBytes(desc.logFileId).catch(() => Buffer.alloc(0))).toString('utf8');
  }
  if (update?.output) text += update.output;
  if (!text.trim() && update) {
    text = `The worker ended with exit status ${update.exitStatus} (${BatchJobExitReason[update.exitReason] ?? update.exitReason}) before the job recorded a log; it was probably killed.`;
  }
  const charged = triesCharged(update, config);
  const remaining = desc.remainingTries - charged;
  const left = remaining > 0 ? `${remaining} ${remaining === 1 ? 'try' : 'tries'} left` : 'no tries left';
  const how = charged
    ? `failed; ${left}`
    : `was lost by the batch system (node preempted or gone); not counted as a try (--enableUnlimitedPreemptibleRetries), ${left}`;
  log.warn(`Job '${desc.displayName}' ${desc.id} ${how}. Its log:`, { jobId: desc.id, jobName: desc.displayName });
  const lines = text.replace(/\n$/, '').split('\n');
  log.warn(['---TOIL WORKER OUTPUT LOG---', ...lines.map((l) => `${desc.id}    ${l}`), '---END OF LOG---'].join('\n'), {
    jobId: desc.id,
    jobName: desc.displayName,
  });
  // A log file that cannot be written costs that file, not the workflow.
  await logFiles
    ?.write({ id: desc.id, name: desc.displayName }, text.endsWith('\n') ? text : `${text}\n`, true)
    .catch((error: unknown) => {
      log.warn(`Could not write the log of job '${desc.displayName}' ${desc.id} to ${logFiles.dir}: ${String(error)}`);
    });
  // The log of the last attempt stays on a job out of tries, for `toil status --printLogs` (a restart drops it).
  const keepLog = remaining <= 0;
  if (desc.logFileId && !keepLog) await store.deleteFile(desc.logFileId);
  const updated = { ...desc, remainingTries: remaining, logFileId: keepLog ? desc.logFileId : undefined };
  await store.update(updated);
  node.desc = updated;
}
