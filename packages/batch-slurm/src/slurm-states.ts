import { BatchJobExitReason, EXIT_STATUS_UNAVAILABLE } from '@toil/core/backend';
import { parseClockTime, type SchedulerJobStatus } from '@toil/batch-grid';

/** Slurm job states (long names, as squeue %T, sacct and scontrol print them) and what each means here. */
const ENDED: Record<string, BatchJobExitReason> = {
  COMPLETED: BatchJobExitReason.FINISHED,
  FAILED: BatchJobExitReason.FAILED,
  CANCELLED: BatchJobExitReason.KILLED,
  TIMEOUT: BatchJobExitReason.KILLED,
  DEADLINE: BatchJobExitReason.KILLED,
  NODE_FAIL: BatchJobExitReason.LOST,
  BOOT_FAIL: BatchJobExitReason.LOST,
  PREEMPTED: BatchJobExitReason.LOST,
  OUT_OF_MEMORY: BatchJobExitReason.MEMLIMIT,
};

/** States in which the job may still run a process (COMPLETING: the job ended but its processes are being reaped). */
const RUNNING = new Set([
  'RUNNING',
  'COMPLETING',
  'CONFIGURING',
  'SIGNALING',
  'STAGE_OUT',
  'STOPPED',
  'SUSPENDED',
  'RESIZING',
]);
const QUEUED = new Set([
  'PENDING',
  'REQUEUED',
  'REQUEUE_FED',
  'REQUEUE_HOLD',
  'RESV_DEL_HOLD',
  'SPECIAL_EXIT',
  'REVOKED',
]);

/** Whether a state is final (the job's record will not change). */
export function isEndedState(state: string): boolean {
  return baseState(state) in ENDED;
}

/** `CANCELLED by 0` → `CANCELLED`; `OUT_OF_ME+` (truncated) is not produced with -P, but be lenient with `+`. */
function baseState(state: string): string {
  return state.trim().split(/\s+/)[0].replace(/\+$/, '');
}

/**
 * `ExitCode=N:S` (exit status N, or signal S that ended it) → one exit status, shells' convention for signals
 * (128 + S), as Toil does.
 */
export function parseExitCode(text: string | undefined): number {
  const match = /^(\d+):(\d+)$/.exec(text?.trim() ?? '');
  if (!match) return EXIT_STATUS_UNAVAILABLE;
  const [code, signal] = [Number(match[1]), Number(match[2])];
  return signal > 0 ? 128 + signal : code;
}

/** A status from a Slurm state name plus what the source knows of exit code and time. */
export function statusFromState(
  state: string,
  exitCode: string | undefined,
  elapsed: string | undefined,
  reason?: string,
): SchedulerJobStatus | undefined {
  const base = baseState(state);
  const seconds = elapsed === undefined ? undefined : parseClockTime(elapsed);
  if (QUEUED.has(base)) return { phase: 'queued', reason: reason && reason !== 'None' ? reason : undefined };
  if (RUNNING.has(base)) return { phase: 'running', elapsed: seconds };
  const exitReason = ENDED[base];
  if (exitReason === undefined) return undefined;
  let exitStatus = parseExitCode(exitCode);
  // A job that failed with "exit 0" was ended by Slurm itself (time limit, node failure): never report success.
  if (exitReason !== BatchJobExitReason.FINISHED && exitStatus === 0) exitStatus = EXIT_STATUS_UNAVAILABLE;
  return {
    phase: 'ended',
    exitStatus,
    exitReason,
    wallTime: seconds,
    detail:
      exitReason === BatchJobExitReason.FAILED || exitReason === BatchJobExitReason.FINISHED ? undefined : state.trim(),
  };
}
