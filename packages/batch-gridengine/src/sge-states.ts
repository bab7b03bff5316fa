import { BatchJobExitReason, EXIT_STATUS_UNAVAILABLE } from '@toil/core/backend';
import type { SchedulerJobStatus } from '@toil/batch-grid';

/**
 * What a qstat state code (sge_status(5): `qw`, `hqw`, `r`, `t`, `Rr`, `s`, `S`, `T`, `dr`, `Eqw`, ...) means here.
 * Codes are letter sets: E(rror), h(old), R(estarted), d(eletion), r(unning), t(ransferring), s/S/T (suspended by
 * the user / the queue / an alarm), q(ueued), w(aiting), z(ombie).
 */
export type QstatPhase = 'queued' | 'running' | 'error' | 'gone';

/** The phase of a qstat state code, or undefined for a code sge_status(5) does not list. */
export function phaseOfState(state: string): QstatPhase | undefined {
  const code = state.trim();
  if (!/^[EhRdrtsSTqwz]+$/.test(code)) return undefined;
  // E only appears on pending jobs (Eqw, Ehqw, EhRqw): the job will never start until someone clears it.
  if (code.includes('E')) return 'error';
  // A suspended or deleting job still holds its slots and may still run its process: it is not over yet.
  if (/[rtsST]/.test(code)) return 'running';
  if (/[qw]/.test(code)) return 'queued';
  // z: finished, shown only by `qstat -s z`; its end is in the accounting file.
  return 'gone';
}

/** Why a pending job waits, when its code says more than "waiting for slots". */
export function queuedReason(state: string): string | undefined {
  if (state.includes('h')) return 'on hold (release it with qrls)';
  if (state.includes('R')) return 'rescheduled';
  return undefined;
}

/** `failed` codes after which the job's own command ran, so exit_status is its own (sge_status(5), column OK). */
const RAN = new Set([0, 12, 13, 14, 15, 16, 17, 30, 37, 100]);
/** The job will run again (24: migrating, 25: rescheduling): the record is not its end. */
const NOT_FINAL = new Set([24, 25]);
/**
 * The shepherd or the host died: the job's result is unknown (18: shepherd died, 19: no exit_status, 21: unknown job).
 */
const LOST = new Set([18, 19, 21]);
/** Limits GridEngine enforced (h_rt, h_cpu, h_vmem). */
const LIMIT = 37;

/** The fields of a qacct record that decide how a job ended. */
export interface AccountingEnd {
  /** The `failed` code, and its words (`assumedly after job`). */
  failed: number;
  failedText: string;
  /** exit_status: the command's exit status, or 128 + the signal that ended it. */
  exitStatus: number;
  /** ru_wallclock, in seconds. */
  wallclock?: number;
}

/** The end a qacct record reports, or undefined when the record is not the job's end (it is rescheduled). */
export function statusFromAccounting(record: AccountingEnd): SchedulerJobStatus | undefined {
  const { failed, exitStatus, wallclock } = record;
  if (NOT_FINAL.has(failed)) return undefined;
  const failure = `failed ${failed}${record.failedText ? `: ${record.failedText}` : ''}`;
  let exitReason: BatchJobExitReason;
  let detail: string | undefined;
  if (failed === LIMIT) {
    exitReason = BatchJobExitReason.KILLED;
    detail = `${failure} (the job ran over a hard limit of its queue or its request)`;
  } else if (LOST.has(failed)) {
    exitReason = BatchJobExitReason.LOST;
    detail = `${failure} (the execution host or its shepherd died)`;
  } else if (!RAN.has(failed)) {
    exitReason = BatchJobExitReason.ERROR;
    detail = `${failure} (GridEngine could not start the job)`;
  } else {
    exitReason = exitStatus === 0 ? BatchJobExitReason.FINISHED : BatchJobExitReason.FAILED;
    // qdel, the kernel's OOM killer and a job killing itself all look alike here (failed 100, exit_status 137).
    if (exitStatus > 128 && exitStatus < 160) detail = `${failure}, killed by signal ${exitStatus - 128}`;
    else if (failed !== 0) detail = failure;
  }
  const status = exitReason === BatchJobExitReason.FINISHED || exitStatus !== 0 ? exitStatus : EXIT_STATUS_UNAVAILABLE;
  return { phase: 'ended', exitStatus: status, exitReason, wallTime: wallclock, detail };
}
