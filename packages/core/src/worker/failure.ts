import type { JobDescription } from '../jobstore/description.js';
import type { JobLogMessage } from '../job/context.js';
import { truncateLog } from '../log/truncate.js';
import type { WorkerRuntime } from './runtime.js';

/**
 * Store the log of a failed attempt on the job's description (Toil's `logJobStoreFileID`), for the leader to
 * print and count. Only touches a job that has not committed, so a late failure cannot undo a commit.
 */
export async function recordFailure(
  rt: WorkerRuntime,
  job: JobDescription,
  error: unknown,
  logs: { jobId: string; message: JobLogMessage }[],
): Promise<void> {
  const lines = logs.filter((l) => l.jobId === job.id).map((l) => `LOG-TO-MASTER: ${l.message.text}`);
  const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  // Cut to --maxLogFileSize from the front, as Toil does with worker logs: the end says why the job failed.
  const text = truncateLog(
    [...lines, `Job '${job.displayName}' ${job.id} failed on host pid ${process.pid}:`, detail, ''].join('\n'),
    rt.config.maxLogFileSize,
  );
  try {
    const fresh = await rt.store.tryLoad(job.id);
    if (!fresh || fresh.done) return;
    const logFileId = await rt.store.writeFileBytes(text, { ownerJobId: job.id, basename: 'failed-job.log' });
    await rt.store.update({ ...fresh, logFileId });
  } catch (storeError) {
    process.stderr.write(`Could not record the failure of job ${job.id}: ${String(storeError)}\n${text}`);
  }
}
