import type { BatchJobExitReason } from '@toil/core/backend';

/** Where the scheduler says a job is. Jobs a query does not mention are unknown for that poll. */
export type SchedulerJobStatus =
  | { phase: 'queued'; reason?: string }
  | {
      phase: 'running';
      /** Seconds the job has run, when the scheduler reports it. */
      elapsed?: number;
    }
  | {
      phase: 'ended';
      /** Exit status, or EXIT_STATUS_UNAVAILABLE. */
      exitStatus: number;
      exitReason: BatchJobExitReason;
      /** Seconds the job ran, when the scheduler reports it. */
      wallTime?: number;
      /** The scheduler's words for why it ended, when it is not a plain exit (cancelled, node failure, ...). */
      detail?: string;
    };

/** A scheduler job that has been submitted. */
export interface SubmittedJob {
  /** The scheduler's job ID, e.g. `1234` or an array task `1234_5`. */
  schedulerId: string;
  /** Toil's batch job ID. */
  batchJobId: number;
}
