import { BatchJobExitReason, EXIT_STATUS_UNAVAILABLE } from '@toil/core/backend';
import { parseClockTime, type SchedulerJobStatus } from '@toil/batch-grid';

/** LSF job states (bjobs STAT) in which the job has not started: pending, or suspended while pending. */
const QUEUED = new Set(['PEND', 'PSUSP', 'WAIT', 'PROV']);
/**
 * States in which the job may still run a process: running, suspended while running (by the user or by LSF), and
 * UNKWN (mbatchd lost contact with the host; the job may well still be running there).
 */
const RUNNING = new Set(['RUN', 'USUSP', 'SSUSP', 'UNKWN']);

/**
 * Termination reasons (bjobs EXIT_REASON, bacct, bhist) that are not a plain failure of the job, and what each means
 * here. TERM_MEMLIMIT is what `--doubleMem` reacts to.
 */
const TERM_REASONS: [RegExp, BatchJobExitReason][] = [
  [/TERM_MEMLIMIT|memory usage limit/i, BatchJobExitReason.MEMLIMIT],
  [
    /TERM_(RUNLIMIT|CPULIMIT|DEADLINE|SWAP|PROCESSLIMIT|THREADLIMIT|OWNER|ADMIN|FORCE_OWNER|FORCE_ADMIN|BUCKET_KILL|WINDOW|LOAD)/,
    BatchJobExitReason.KILLED,
  ],
  [/TERM_(PREEMPT|ZOMBIE|REQUEUE_OWNER|REQUEUE_ADMIN|RMS|SLURM|REMOVE_HUNG_JOB|CWD_NOTEXIST)/, BatchJobExitReason.LOST],
];

/** One job's fields from `bjobs -o "jobid stat exit_code exit_reason run_time pend_reason" -json`. */
export interface BjobsRecord {
  JOBID: string;
  STAT?: string;
  EXIT_CODE?: string;
  EXIT_REASON?: string;
  RUN_TIME?: string;
  PEND_REASON?: string;
  /** Set instead of the fields for a job bjobs does not know ("Job <123> is not found"). */
  ERROR?: string;
}

/** RUN_TIME as bjobs prints it: `75 second(s)`, or `01:02:03` with -hms. */
export function parseRunTime(text: string | undefined): number | undefined {
  const trimmed = text?.trim() ?? '';
  const seconds = /^(\d+(?:\.\d+)?) second\(s\)$/.exec(trimmed);
  if (seconds) return Number(seconds[1]);
  return trimmed ? parseClockTime(trimmed) : undefined;
}

/** What a bjobs record says about its job, or undefined for a record that names no known state. */
export function statusFromRecord(record: BjobsRecord): SchedulerJobStatus | undefined {
  const stat = record.STAT?.trim() ?? '';
  const time = parseRunTime(record.RUN_TIME);
  if (QUEUED.has(stat)) return { phase: 'queued', reason: record.PEND_REASON?.trim().replace(/;$/, '') || undefined };
  if (RUNNING.has(stat)) return { phase: 'running', elapsed: time };
  const code = /^-?\d+$/.test(record.EXIT_CODE?.trim() ?? '') ? Number(record.EXIT_CODE) : undefined;
  const why = record.EXIT_REASON?.trim() || undefined;
  if (stat === 'DONE')
    return { phase: 'ended', exitStatus: code ?? 0, exitReason: BatchJobExitReason.FINISHED, wallTime: time };
  if (stat === 'ZOMBI') {
    // Killed while its host was unreachable: LSF will never learn how it ended.
    return {
      phase: 'ended',
      exitStatus: EXIT_STATUS_UNAVAILABLE,
      exitReason: BatchJobExitReason.LOST,
      wallTime: time,
      detail: 'ZOMBI (killed while its host was unreachable)',
    };
  }
  if (stat !== 'EXIT') return undefined;
  const reason = TERM_REASONS.find(([pattern]) => why && pattern.test(why))?.[1] ?? BatchJobExitReason.FAILED;
  // An EXIT without an exit code (killed before it ran) or with 0 (ended by LSF) must never look like success.
  const exitStatus = code === undefined || code === 0 ? EXIT_STATUS_UNAVAILABLE : code;
  return { phase: 'ended', exitStatus, exitReason: reason, wallTime: time, detail: why };
}
