import {
  BatchJobExitReason,
  EXIT_STATUS_UNAVAILABLE,
  type BatchSystem,
  type UpdatedBatchJobInfo,
} from '../batch/batch-system.js';

/**
 * `--maxJobDuration`: batch jobs (service hosts excepted, they run as long as their clients) that have run longer
 * than the limit, with the failure the leader records for each once it has killed them. Killed jobs are never
 * reported by the batch system, so the leader handles these like any failed attempt: logged, and retried while
 * tries remain.
 */
export function overdueJobs(
  batch: BatchSystem,
  limitSeconds: number,
  isServiceHost: (batchJobId: number) => boolean,
): UpdatedBatchJobInfo[] {
  if (!Number.isFinite(limitSeconds)) return [];
  const overdue: UpdatedBatchJobInfo[] = [];
  for (const [batchJobId, seconds] of batch.getRunningBatchJobIds()) {
    if (seconds <= limitSeconds || isServiceHost(batchJobId)) continue;
    overdue.push({
      batchJobId,
      exitStatus: EXIT_STATUS_UNAVAILABLE,
      exitReason: BatchJobExitReason.KILLED,
      wallTime: seconds,
      output: `The job ran for ${seconds.toFixed(1)} s, longer than --maxJobDuration ${limitSeconds} s, and was killed.\n`,
    });
  }
  return overdue;
}

/**
 * Toil's rescue of lost jobs (every `--rescueJobsFrequency` seconds): jobs the leader issued that the batch system
 * no longer knows (neither queued, running, nor finished-and-unreported) were lost; each becomes a LOST failure.
 */
export function lostJobs(batch: BatchSystem, issuedByLeader: Iterable<number>): UpdatedBatchJobInfo[] {
  const known = new Set(batch.getIssuedBatchJobIds());
  const lost: UpdatedBatchJobInfo[] = [];
  for (const batchJobId of issuedByLeader) {
    if (known.has(batchJobId)) continue;
    lost.push({
      batchJobId,
      exitStatus: EXIT_STATUS_UNAVAILABLE,
      exitReason: BatchJobExitReason.LOST,
      output: 'The batch system lost track of the job (it is neither queued, running nor finished there).\n',
    });
  }
  return lost;
}
