import { BatchJobExitReason, EXIT_STATUS_UNAVAILABLE } from '@toil/core/backend';
import type { SchedulerJobStatus } from '@toil/batch-grid';
import { statusFromAd } from './htcondor-states.js';

/** One event of a job event log: `005 (042.000.000) 2026-11-24 10:00:14 Job terminated.` and its indented lines. */
export interface JobEvent {
  code: number;
  cluster: number;
  /** Milliseconds since the epoch (local time), when the timestamp has a year (ISO format, HTCondor 8.8+). */
  time?: number;
  text: string;
  body: string[];
}

/** Events of a job event log, in order. Events end with a `...` line. */
export function parseEventLog(text: string): JobEvent[] {
  const events: JobEvent[] = [];
  let current: JobEvent | undefined;
  for (const line of text.split('\n')) {
    const header = /^(\d{3}) \((\d+)\.\d+\.\d+\) (\S+ \S+) (.*)$/.exec(line);
    if (header) {
      const stamp = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(header[3])
        ? new Date(header[3].replace(' ', 'T')).getTime()
        : undefined;
      current = { code: Number(header[1]), cluster: Number(header[2]), time: stamp, text: header[4], body: [] };
      events.push(current);
    } else if (line.startsWith('...')) {
      current = undefined;
    } else if (current) {
      current.body.push(line.trim());
    }
  }
  return events;
}

/**
 * How a job's event log says it is doing, for when neither condor_q nor condor_history knows the job (history
 * turned off, or a schedd that lost it): submitted, executing, terminated (005: exit code or signal), aborted (009)
 * or held (012, with its reason and codes). Undefined when the log has no event for that cluster.
 */
export function statusFromEvents(
  events: readonly JobEvent[],
  cluster: number,
  now = Date.now(),
): SchedulerJobStatus | undefined {
  const mine = events.filter((e) => e.cluster === cluster);
  const started = mine.findLast((e) => e.code === 1)?.time;
  const last = mine.findLast((e) => [0, 1, 5, 9, 12, 13].includes(e.code));
  if (!last) return undefined;
  const ranFor = (end: number | undefined) =>
    started !== undefined && end !== undefined ? Math.max(0, (end - started) / 1000) : undefined;
  switch (last.code) {
    case 0:
    case 13: // released from hold: waits to be matched again
      return { phase: 'queued' };
    case 1:
      return { phase: 'running', elapsed: ranFor(now) };
    case 5: {
      const normal = /\(1\) Normal termination \(return value (\d+)\)/.exec(last.body.join('\n'));
      if (normal) {
        const code = Number(normal[1]);
        return {
          phase: 'ended',
          exitStatus: code,
          exitReason: code === 0 ? BatchJobExitReason.FINISHED : BatchJobExitReason.FAILED,
          wallTime: ranFor(last.time),
        };
      }
      const signal = Number(/Abnormal termination \(signal (\d+)\)/.exec(last.body.join('\n'))?.[1] ?? 9);
      return {
        phase: 'ended',
        exitStatus: 128 + signal,
        exitReason: BatchJobExitReason.FAILED,
        wallTime: ranFor(last.time),
        detail: `ended by signal ${signal}`,
      };
    }
    case 9: {
      // Removed after a hold (Toil removes jobs held for good): the hold is what went wrong.
      const previous = mine[mine.indexOf(last) - 1];
      const held = previous?.code === 12 ? heldStatus(previous, cluster) : undefined;
      if (held?.phase === 'ended') return held;
      return {
        phase: 'ended',
        exitStatus: EXIT_STATUS_UNAVAILABLE,
        exitReason: BatchJobExitReason.KILLED,
        wallTime: ranFor(last.time),
        detail: `removed: ${last.body[0] ?? ''}`.trim(),
      };
    }
    default:
      return heldStatus(last, cluster);
  }
}

/** A hold event (012): its reason line and `Code N Subcode M`, judged like a held job's ad. */
function heldStatus(event: JobEvent, cluster: number): SchedulerJobStatus | undefined {
  const codes = /Code (\d+) Subcode (\d+)/.exec(event.body.join('\n'));
  const reason = event.body.find((l) => l && !/^Code \d+/.test(l));
  return statusFromAd({
    ClusterId: cluster,
    JobStatus: 5,
    HoldReason: reason,
    HoldReasonCode: codes ? Number(codes[1]) : undefined,
    HoldReasonSubCode: codes ? Number(codes[2]) : undefined,
  });
}
