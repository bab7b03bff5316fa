import { BatchJobExitReason, EXIT_STATUS_UNAVAILABLE } from '@toil/core/backend';
import type { SchedulerJobStatus } from '@toil/batch-grid';

/** The job ClassAd attributes Toil reads, as `-json` prints them (numbers, booleans, strings). */
export interface JobAd {
  ClusterId: number;
  ProcId?: number;
  /** 1 Idle, 2 Running, 3 Removed, 4 Completed, 5 Held, 6 Transferring Output, 7 Suspended. */
  JobStatus: number;
  ExitCode?: number;
  ExitBySignal?: boolean;
  ExitSignal?: number;
  HoldReason?: string;
  HoldReasonCode?: number;
  HoldReasonSubCode?: number;
  RemoveReason?: string;
  JobCurrentStartDate?: number;
  CompletionDate?: number;
  RemoteWallClockTime?: number;
}

/** Every attribute of JobAd, for `-attributes`. */
export const AD_ATTRIBUTES = [
  'ClusterId',
  'ProcId',
  'JobStatus',
  'ExitCode',
  'ExitBySignal',
  'ExitSignal',
  'HoldReason',
  'HoldReasonCode',
  'HoldReasonSubCode',
  'RemoveReason',
  'JobCurrentStartDate',
  'CompletionDate',
  'RemoteWallClockTime',
].join(',');

/**
 * Holds that are not a failure of the job: put on hold by the user (1), submitted on hold (15), input still being
 * spooled (16). The job waits; anything else HTCondor holds for never runs again without a human.
 */
const WAITING_HOLDS = new Set([1, 15, 16]);
/** HoldReasonCode 34 (JobOutOfResources) with subcode 102: over its memory request. */
const OUT_OF_RESOURCES = 34;
const MEMORY_SUBCODE = 102;

/** Whether a held job's hold means it failed (and should be removed from the queue) rather than waits. */
export function isFailedHold(ad: JobAd): boolean {
  return ad.JobStatus === 5 && !WAITING_HOLDS.has(ad.HoldReasonCode ?? -1);
}

/** Seconds the job ran: start to completion when both are known, else the wall clock HTCondor accumulated. */
function wallTime(ad: JobAd): number | undefined {
  if (ad.CompletionDate && ad.JobCurrentStartDate && ad.CompletionDate >= ad.JobCurrentStartDate)
    return ad.CompletionDate - ad.JobCurrentStartDate;
  return ad.RemoteWallClockTime;
}

/** What a job ad says about its job, with `now` in seconds since the epoch for running jobs' elapsed time. */
export function statusFromAd(ad: JobAd, now = Date.now() / 1000): SchedulerJobStatus | undefined {
  switch (ad.JobStatus) {
    case 1:
      return { phase: 'queued' };
    case 2:
    case 6: // transferring output: the job's process is done, its files are on their way back
    case 7:
      return {
        phase: 'running',
        elapsed: ad.JobCurrentStartDate ? Math.max(0, now - ad.JobCurrentStartDate) : undefined,
      };
    case 3:
      return {
        phase: 'ended',
        exitStatus: EXIT_STATUS_UNAVAILABLE,
        exitReason: BatchJobExitReason.KILLED,
        wallTime: wallTime(ad),
        detail: `removed${ad.RemoveReason ? `: ${ad.RemoveReason}` : ''}`,
      };
    case 4:
      if (ad.ExitBySignal) {
        const signal = ad.ExitSignal ?? 9;
        return {
          phase: 'ended',
          exitStatus: 128 + signal,
          exitReason: BatchJobExitReason.FAILED,
          wallTime: wallTime(ad),
          detail: `ended by signal ${signal}`,
        };
      }
      if (ad.ExitCode === undefined)
        return {
          phase: 'ended',
          exitStatus: EXIT_STATUS_UNAVAILABLE,
          exitReason: BatchJobExitReason.LOST,
          wallTime: wallTime(ad),
          detail: 'completed without an exit code',
        };
      return {
        phase: 'ended',
        exitStatus: ad.ExitCode,
        exitReason: ad.ExitCode === 0 ? BatchJobExitReason.FINISHED : BatchJobExitReason.FAILED,
        wallTime: wallTime(ad),
      };
    case 5:
      return heldStatus(ad);
    default:
      return undefined;
  }
}

function heldStatus(ad: JobAd): SchedulerJobStatus {
  const why = ad.HoldReason ?? 'no reason given';
  if (!isFailedHold(ad)) return { phase: 'queued', reason: `held: ${why}` };
  const memory =
    (ad.HoldReasonCode === OUT_OF_RESOURCES && ad.HoldReasonSubCode === MEMORY_SUBCODE) ||
    /memory limit|request_memory/i.test(why);
  return {
    phase: 'ended',
    exitStatus: EXIT_STATUS_UNAVAILABLE,
    exitReason: memory ? BatchJobExitReason.MEMLIMIT : BatchJobExitReason.ERROR,
    wallTime: wallTime(ad),
    detail: `held (HoldReasonCode ${ad.HoldReasonCode ?? '?'}): ${why}`,
  };
}
