/**
 * What the leader tells observers as it runs: counts for progress displays, and per-job events for metrics
 * (the events of Toil's ToilMetrics line protocol; the README's "Progress, metrics and the status page"). The
 * leader knows only these interfaces, so observers such as the Prometheus endpoint (`src/metrics/`) load their
 * libraries only when they are used.
 */

/** Counts for progress displays, sent whenever one of them changes. */
export interface LeaderProgress {
  /** Jobs finished (with everything below them) since this leader started. */
  completed: number;
  /** Jobs handed to the batch system and not yet ended: running, or waiting in the batch system's own queue. */
  issued: number;
  /** Of the issued jobs, those the batch system reports running (refreshed at most every 200 ms). */
  running: number;
  /**
   * Successors the leader has reached but not yet handed to the batch system: it keeps at most 1,000 jobs
   * issued ahead, so a large fan-out waits here. A job with several predecessors counts once per predecessor.
   */
  queued: number;
  /** Jobs out of tries (failed for good). */
  failed: number;
}

/** Per-job events; `jobType` is the job's registered name (`defineJob('align', ...)` → `align`). */
export interface LeaderEvents {
  /** A job was handed to the batch system (Toil's `issued_job <type>`). */
  jobIssued(jobType: string): void;
  /** A batch job ended with its job committed (Toil's `completed_job <type>`). */
  jobCompleted(jobType: string): void;
  /** A batch job ended without committing its job: one failed attempt (Toil's `failed_job <type>`). */
  jobFailed(jobType: string): void;
  /** The batch system lost track of an issued job, which is then retried (Toil's `missing_job`). */
  jobMissing(): void;
  /** The counts changed (Toil's `queue_size` comes from here). */
  progress(progress: LeaderProgress): void;
}
