import type { BatchJobSpec } from '@toil/core/backend';
import type { CommandRunner } from './command-runner.js';

/** Everything a scheduler needs to build one submit command. */
export interface GridSubmission {
  /** Toil's batch job ID. */
  batchJobId: number;
  spec: BatchJobSpec;
  /** Scheduler-safe job name, `toil_job_<id>_<name>`. */
  jobName: string;
  /** Shell script that sets the worker's environment and execs the worker. */
  script: string;
  /** Output paths containing the scheduler's job-ID placeholder, or /dev/null with --noStdOutErr. */
  stdout: string;
  stderr: string;
  /** Wall-time limit in seconds (from --maxJobDuration), when there is one. */
  wallTimeSeconds?: number;
}

/** A command line and what to feed it on stdin. */
export interface SubmitCommand {
  argv: string[];
  input?: string;
}

/** Timing knobs; the defaults suit real clusters, tests shorten them. */
export interface GridTuning {
  /** Give up on a scheduler that failed every request for this long (ms); its jobs then fail with the reason. */
  outageLimitMs: number;
  /** First and longest wait between retries while the scheduler is down (ms). */
  retryInitialMs: number;
  retryMaxMs: number;
  /** A submitted job missing from this many answers in a row (after `vanishedGraceMs`) counts as lost. */
  vanishedPolls: number;
  vanishedGraceMs: number;
  /** How long `killBatchJobs` waits for killed jobs to leave the scheduler (ms). */
  killWaitMs: number;
  /** Submit commands in flight at once. */
  submitConcurrency: number;
}

/**
 * The figures a scheduler package runs with unless its tests shrink them: a 10-minute outage limit, back-off from 1 s
 * to 30 s, and the rest below.
 */
export const DEFAULT_GRID_TUNING: GridTuning = {
  outageLimitMs: 10 * 60_000,
  retryInitialMs: 1000,
  retryMaxMs: 30_000,
  vanishedPolls: 3,
  vanishedGraceMs: 10_000,
  killWaitMs: 60_000,
  submitConcurrency: 4,
};

/** What a grid batch system is built from, besides the leader's context. */
export interface GridOptions {
  /** Runs scheduler commands; tests inject a scripted one. */
  runner?: CommandRunner;
  tuning?: Partial<GridTuning>;
}
