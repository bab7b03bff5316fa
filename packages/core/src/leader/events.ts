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
  /** A failed attempt's job was handed back for another try (it had tries left). */
  jobRetried?(jobType: string): void;
  /** The batch system lost track of an issued job, which is then retried (Toil's `missing_job`). */
  jobMissing(): void;
  /** The counts changed (Toil's `queue_size` comes from here). */
  progress(progress: LeaderProgress): void;
  /** The autoscaler's check of a node type: nodes there now and nodes wanted (Toil's `current_size`/`desired_size`). */
  clusterSize?(nodeType: string, current: number, desired: number): void;
}

/** Counts since this leader started, carried by every {@link JobEvent}. */
export interface JobEventTotals {
  /** Jobs handed to the batch system, retries included. */
  issued: number;
  /** Attempts that ended with their job committed. */
  completed: number;
  /** Attempts that ended without committing their job (retried or not). */
  failed: number;
  /** Failed attempts handed back for another try. */
  retried: number;
  /** Issued jobs the batch system lost track of. */
  missing: number;
}

/** What `toil.on('job', ...)` listeners get: one event per change of a job's attempt, with the totals after it. */
export interface JobEvent {
  /** `issued`, `completed`, `failed` (one attempt), `retried` (issued again after a failure), `missing` (lost). */
  type: keyof JobEventTotals;
  /** The job's registered name (`defineJob('align', ...)` gives `align`); absent for `missing`. */
  jobType?: string;
  totals: Readonly<JobEventTotals>;
}

/**
 * LeaderEvents that count and hand each event to `emit`. A listener that throws must not stop the leader in the
 * middle of issuing a job, so its error goes to `onListenerError` instead.
 */
export function jobEventSource(
  emit: (event: JobEvent) => void,
  progress: (progress: LeaderProgress) => void,
  onListenerError: (error: unknown) => void,
): LeaderEvents {
  const totals: JobEventTotals = { issued: 0, completed: 0, failed: 0, retried: 0, missing: 0 };
  const send = (type: keyof JobEventTotals, jobType?: string) => {
    totals[type]++;
    try {
      emit({ type, ...(jobType === undefined ? {} : { jobType }), totals: { ...totals } });
    } catch (error) {
      onListenerError(error);
    }
  };
  return {
    jobIssued: (jobType) => send('issued', jobType),
    jobCompleted: (jobType) => send('completed', jobType),
    jobFailed: (jobType) => send('failed', jobType),
    jobRetried: (jobType) => send('retried', jobType),
    jobMissing: () => send('missing'),
    progress: (p) => {
      try {
        progress(p);
      } catch (error) {
        onListenerError(error);
      }
    },
  };
}

/** One LeaderEvents that forwards to each given one (the metrics endpoint and an embedding program's listeners). */
export function combineEvents(...observers: (LeaderEvents | undefined)[]): LeaderEvents | undefined {
  const all = observers.filter((o): o is LeaderEvents => o !== undefined);
  if (all.length <= 1) return all[0];
  return {
    jobIssued: (t) => all.forEach((o) => o.jobIssued(t)),
    jobCompleted: (t) => all.forEach((o) => o.jobCompleted(t)),
    jobFailed: (t) => all.forEach((o) => o.jobFailed(t)),
    jobRetried: (t) => all.forEach((o) => o.jobRetried?.(t)),
    jobMissing: () => all.forEach((o) => o.jobMissing()),
    progress: (p) => all.forEach((o) => o.progress(p)),
    clusterSize: (t, current, desired) => all.forEach((o) => o.clusterSize?.(t, current, desired)),
  };
}
