import type { SchedulerJobStatus } from '@toil/batch-grid';

/** At most this many `tracejob` calls per poll: each one scans days of pbs_server logs. */
export const TRACEJOB_PER_POLL = 10;
/** How many jobs' tracejob answers and turns are remembered; the oldest are forgotten first. */
const REMEMBERED = 10_000;

/** What to do this poll about the jobs qstat no longer shows. */
export interface TracePlan {
  /** Ends tracejob found on an earlier poll: not asked again. */
  known: Map<string, SchedulerJobStatus>;
  /** Jobs to run tracejob for now, at most the per-poll cap, those that have waited longest first. */
  trace: string[];
  /** Jobs left for a later poll. */
  later: string[];
}

/**
 * Which jobs that the Torque server has forgotten (gone from qstat after keep_completed) to ask `tracejob` about.
 * Many jobs can end between two polls, and one tracejob per job per poll would make every poll as slow as reading
 * the server logs that many times; so each poll traces a few, in turns, and a job whose end was found is never
 * traced again.
 */
export class ForgottenJobs {
  private readonly ends = new Map<string, SchedulerJobStatus>();
  /** The poll on which each job without a known end was last traced. */
  private readonly tracedOn = new Map<string, number>();
  private poll = 0;

  constructor(private readonly perPoll = TRACEJOB_PER_POLL) {}

  /** Split `ids` (jobs qstat does not show) for this poll. */
  plan(ids: readonly string[]): TracePlan {
    this.poll++;
    const known = new Map<string, SchedulerJobStatus>();
    const waiting: string[] = [];
    for (const id of ids) {
      const end = this.ends.get(id);
      if (end) known.set(id, end);
      else waiting.push(id);
    }
    // Never traced first (0), then the longest ago; sort is stable, so ties keep the order of `ids`.
    waiting.sort((a, b) => (this.tracedOn.get(a) ?? 0) - (this.tracedOn.get(b) ?? 0));
    return { known, trace: waiting.slice(0, this.perPoll), later: waiting.slice(this.perPoll) };
  }

  /** What tracejob said about `id`: its end, or undefined when the logs hold none yet (it is traced again later). */
  record(id: string, end: SchedulerJobStatus | undefined): void {
    this.tracedOn.delete(id);
    if (end) remember(this.ends, id, end);
    else remember(this.tracedOn, id, this.poll);
  }
}

/** Set `key` as the newest entry of `map`, dropping the oldest past REMEMBERED. */
function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > REMEMBERED) map.delete(map.keys().next().value as string);
}
