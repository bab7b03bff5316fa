import { BatchJobExitReason, type UpdatedBatchJobInfo } from '../batch/batch-system.js';
import type { JobStore } from '../jobstore/jobstore.js';
import type { Logger } from '../log/logger.js';
import type { JobNode } from './job-node.js';

/**
 * Count one failed attempt of a job: print its log the way Toil does (every line prefixed with the job's ID),
 * take one try off, and store that, so a leader restart keeps the count.
 */
export async function reportFailedAttempt(store: JobStore, log: Logger, node: JobNode, update: UpdatedBatchJobInfo | undefined): Promise<void> {
  const desc = node.desc;
  let text = '';
  if (desc.logFileId) {
    text = (await store.readFileBytes(desc.logFileId).catch(() => Buffer.alloc(0))).toString('utf8');
  }
  if (update?.output) text += update.output;
  if (!text.trim() && update) {
    text = `The worker ended with exit status ${update.exitStatus} (${BatchJobExitReason[update.exitReason] ?? update.exitReason}) before the job recorded a log; it was probably killed.`;
  }
  const remaining = desc.remainingTries - 1;
  log.warn(`Job '${desc.displayName}' ${desc.id} failed; ${remaining > 0 ? `${remaining} ${remaining === 1 ? 'try' : 'tries'} left` : 'no tries left'}. Its log:`);
  const lines = text.replace(/\n$/, '').split('\n');
  log.warn(['---TOIL WORKER OUTPUT LOG---', ...lines.map((l) => `${desc.id}    ${l}`), '---END OF LOG---'].join('\n'));
  // The log of the last attempt stays on a job out of tries, for `toil status --printLogs` (a restart drops it).
  const keepLog = remaining <= 0;
  if (desc.logFileId && !keepLog) await store.deleteFile(desc.logFileId);
  const updated = { ...desc, remainingTries: remaining, logFileId: keepLog ? desc.logFileId : undefined };
  await store.update(updated);
  node.desc = updated;
}
