import { BatchJobExitReason } from '@toil/core/backend';
import { SchedulerError, type SchedulerJobStatus } from '@toil/batch-grid';

/** The job ID from `parasol -verbose add job`: `your job 3017 ("sh /path/job.sh") has been submitted`. */
export function parseAddJobOutput(stdout: string): string {
  const id = /your job (\d+) \(/.exec(stdout)?.[1];
  // parasol exits 0 even when the hub did not take the job; only the receipt line says it did.
  if (!id)
    throw new SchedulerError(
      `parasol add job printed no "your job <id> (...) has been submitted" line: ${JSON.stringify(stdout.trim().slice(0, 200))}`,
    );
  return id;
}

/**
 * Jobs of every user that the hub has queued or running, from `parasol pstat2`: lines `<r|q> <id> <user> <exe>
 * <time> <host>`, where time is when a running job started (seconds since the epoch) and host is `none` for queued.
 */
export function parsePstat2(stdout: string, now = Date.now() / 1000): Map<string, SchedulerJobStatus> {
  const statuses = new Map<string, SchedulerJobStatus>();
  for (const line of stdout.split('\n')) {
    const match = /^([rq])\s+(\d+)\s+\S+\s+\S+\s+(\d+)/.exec(line.trim());
    if (!match) continue;
    const [, state, id, time] = match;
    statuses.set(
      id,
      state === 'r' ? { phase: 'running', elapsed: Math.max(0, now - Number(time)) } : { phase: 'queued' },
    );
  }
  return statuses;
}

/**
 * What a `wait()` status means (the hub records it as it came from the node): exit code in bits 8-15, or the
 * signal in bits 0-6 (bit 7: a core was dumped), reported as 128 + signal.
 */
export function statusFromWait(status: number, wallTime: number | undefined): SchedulerJobStatus {
  const signal = status & 0x7f;
  if (signal) {
    return {
      phase: 'ended',
      exitStatus: 128 + signal,
      exitReason: BatchJobExitReason.FAILED,
      wallTime,
      detail: `ended by signal ${signal}${status & 0x80 ? ' (core dumped)' : ''}`,
    };
  }
  const code = (status >> 8) & 0xff;
  return {
    phase: 'ended',
    exitStatus: code,
    exitReason: code === 0 ? BatchJobExitReason.FINISHED : BatchJobExitReason.FAILED,
    wallTime,
  };
}

/**
 * Ended jobs from a batch's results file, which the hub appends one line to per finished job: `status host jobId
 * exe usrTicks sysTicks submitTime startTime endTime user errFile 'command'`. Killed jobs get no line.
 */
export function parseResults(text: string): Map<string, SchedulerJobStatus> {
  const statuses = new Map<string, SchedulerJobStatus>();
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 9 || !/^-?\d+$/.test(fields[0]) || !/^\d+$/.test(fields[2])) continue;
    const [start, end] = [Number(fields[7]), Number(fields[8])];
    statuses.set(fields[2], statusFromWait(Number(fields[0]), end >= start && start > 0 ? end - start : undefined));
  }
  return statuses;
}
