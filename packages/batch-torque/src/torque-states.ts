import { BatchJobExitReason, EXIT_STATUS_UNAVAILABLE } from '@toil/core/backend';
import { parseClockTime, type SchedulerJobStatus } from '@toil/batch-grid';

/** Torque job states (qstat job_state) before the job runs: queued, held, waiting for its start time, in transit. */
const QUEUED: Record<string, string | undefined> = {
  Q: undefined,
  H: 'held',
  W: 'waiting for its execution time',
  T: 'in transit',
};
/** States in which the job's processes may still exist: running, suspended, exiting (staging out, epilogue). */
const RUNNING = new Set(['R', 'S', 'E']);

/**
 * Exit statuses pbs_mom sets itself when it could not run the job or ended it (Torque's JOB_EXEC_* codes), with
 * what each means here. Other negative values are also Torque's, for jobs that never really ran.
 */
const TORQUE_EXIT: Record<number, [BatchJobExitReason, string]> = {
  [-10]: [BatchJobExitReason.MEMLIMIT, 'JOB_EXEC_OVERLIMIT_MEM: the job exceeded a memory limit'],
  [-11]: [BatchJobExitReason.KILLED, 'JOB_EXEC_OVERLIMIT_WT: the job exceeded its walltime limit'],
  [-12]: [BatchJobExitReason.KILLED, 'JOB_EXEC_OVERLIMIT_CPUT: the job exceeded its CPU time limit'],
};

/** Torque reports a job ended by signal S as 256 + S (qdel of a running job: 271, SIGTERM). */
const SIGNAL_BASE = 256;

/**
 * What Torque's exit_status means: 0 success; a job's own non-zero code; 256 + signal for a job a signal ended
 * (reported as 128 + signal, the shell's convention Toil uses); negative for pbs_mom's own codes.
 */
export function statusFromExit(exitStatus: number, wallTime: number | undefined, comment?: string): SchedulerJobStatus {
  if (exitStatus === 0) return { phase: 'ended', exitStatus: 0, exitReason: BatchJobExitReason.FINISHED, wallTime };
  if (exitStatus > SIGNAL_BASE) {
    const signal = exitStatus - SIGNAL_BASE;
    return {
      phase: 'ended',
      exitStatus: 128 + signal,
      exitReason: BatchJobExitReason.KILLED,
      wallTime,
      detail: `killed by signal ${signal}${comment ? ` (${comment})` : ''}`,
    };
  }
  if (exitStatus < 0) {
    const [exitReason, meaning] = TORQUE_EXIT[exitStatus] ?? [
      BatchJobExitReason.ERROR,
      `Torque could not run the job (exit_status ${exitStatus})`,
    ];
    return {
      phase: 'ended',
      exitStatus: EXIT_STATUS_UNAVAILABLE,
      exitReason,
      wallTime,
      detail: comment ? `${meaning}: ${comment}` : meaning,
    };
  }
  return { phase: 'ended', exitStatus, exitReason: BatchJobExitReason.FAILED, wallTime };
}

/** The status of one `qstat -f` job from its attributes; undefined for a state Toil has no rule for. */
export function statusFromAttributes(attributes: ReadonlyMap<string, string>): SchedulerJobStatus | undefined {
  const state = attributes.get('job_state') ?? '';
  const walltime = attributes.get('resources_used.walltime');
  const seconds = walltime === undefined ? undefined : parseClockTime(walltime);
  const comment = attributes.get('comment') ?? attributes.get('sched_hint');
  if (state in QUEUED) return { phase: 'queued', reason: comment?.replace(/^Not Running: /, '') ?? QUEUED[state] };
  if (RUNNING.has(state)) return { phase: 'running', elapsed: seconds };
  if (state !== 'C') return undefined;
  const exit = attributes.get('exit_status');
  // A completed job without an exit status was deleted before it ran.
  if (exit === undefined || !/^-?\d+$/.test(exit)) {
    return {
      phase: 'ended',
      exitStatus: EXIT_STATUS_UNAVAILABLE,
      exitReason: BatchJobExitReason.KILLED,
      wallTime: seconds,
      detail: 'completed without an exit status (deleted before it ran)',
    };
  }
  return statusFromExit(Number(exit), seconds, comment);
}
