/**
 * What the `toil status --serve` page shows, as plain JSON: the workflow's state, every job seen so far with its
 * state, successors and stored log, and counts by state. Built from `toil status`'s classification of the jobs
 * left in the store; a job seen earlier and gone now has finished (finished jobs are deleted from the store).
 */
import type { JobReport } from '../collect.js';

/**
 * A job's state on the page. `ready`: its predecessors have run, so it is running or about to be issued (the
 * store cannot tell which); `blocked`: a follow-on whose predecessor's children have not all finished;
 * `waiting`: its body ran and its successors are running; `finishing`: done, about to be deleted.
 */
export type JobState = 'ready' | 'blocked' | 'waiting' | 'finishing' | 'failed' | 'finished';

/** Page order of the states. */
export const JOB_STATES: readonly JobState[] = ['failed', 'ready', 'blocked', 'waiting', 'finishing', 'finished'];

/** One job on the page. */
export interface JobView {
  id: string;
  /** Registered job name (`defineJob('align', ...)`). */
  name: string;
  /** Name shown in logs (may include arguments). */
  displayName: string;
  state: JobState;
  /** Hosts a service, or is a service host. */
  service: boolean;
  /** Tries left (absent once finished). */
  triesLeft?: number;
  /** Successor IDs by batch (0 = children, 1 = follow-ons), as last seen. */
  successors: string[][];
  /** The stored log of the job's last failed attempt, cut to its end. */
  log?: string;
}

/** Everything the page renders. */
export interface StatusSnapshot {
  locator: string;
  /** `running`, `stopped`, `completed`, ... (see WorkflowState) and its sentence. */
  workflow: { state: string; description: string };
  counts: Record<JobState, number>;
  /** The jobs to draw: all of them up to `MAX_JOBS_SHOWN`, the most telling first. */
  jobs: JobView[];
  /** Jobs seen in total (more than `jobs.length` when the list was cut). */
  totalJobs: number;
  /** The end of the leader's `--logFile`, when the workflow has one readable here. */
  leaderLog?: string;
}

/** Jobs sent to the page at most: a 100,000-job fan-out would make every update megabytes. */
export const MAX_JOBS_SHOWN = 500;

/** State of a job still in the store, from Toil's classification; `blocked` lists the blocked follow-ons. */
export function jobState(report: JobReport, blocked: ReadonlySet<string>): JobState {
  if (report.properties.has('FAILED')) return 'failed';
  if (report.properties.has('HAS_CHILDREN')) return 'waiting';
  if (report.properties.has('IS_ZOMBIE')) return 'finishing';
  return blocked.has(report.desc.id) ? 'blocked' : 'ready';
}

/** Successors in a batch after one that still has jobs in the store: they cannot start yet. */
export function blockedSuccessors(reports: readonly JobReport[]): Set<string> {
  const blocked = new Set<string>();
  for (const r of reports) {
    const firstOpen = r.pending.findIndex((batch) => batch.length > 0);
    if (firstOpen < 0) continue;
    for (const batch of r.desc.successors.slice(firstOpen + 1)) for (const id of batch) blocked.add(id);
  }
  return blocked;
}

/**
 * The jobs the page knows: what the store holds now, and jobs seen earlier that are gone (finished). `seen` is
 * the previous result; `logs` the stored logs by job ID.
 */
export function mergeJobs(
  reports: readonly JobReport[],
  seen: ReadonlyMap<string, JobView>,
  logs: ReadonlyMap<string, string>,
): Map<string, JobView> {
  const jobs = new Map<string, JobView>();
  const blocked = blockedSuccessors(reports);
  for (const r of reports) {
    const d = r.desc;
    const service = r.properties.has('IS_SERVICE') || r.properties.has('HAS_SERVICES');
    jobs.set(d.id, {
      id: d.id,
      name: d.name,
      displayName: d.displayName,
      state: jobState(r, blocked),
      service,
      triesLeft: d.remainingTries,
      successors: d.successors,
      log: logs.get(d.id),
    });
  }
  for (const [id, job] of seen) {
    if (jobs.has(id)) continue;
    const { triesLeft: _gone, ...rest } = job;
    jobs.set(id, { ...rest, state: 'finished' });
  }
  return jobs;
}

/** Counts by state. */
export function countStates(jobs: Iterable<JobView>): Record<JobState, number> {
  const counts = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
  for (const job of jobs) counts[job.state]++;
  return counts;
}

/** The jobs to send: failed, ready and waiting ones before finished ones, at most `limit`. */
export function jobsToShow(jobs: Iterable<JobView>, limit = MAX_JOBS_SHOWN): JobView[] {
  const rank = (j: JobView) => JOB_STATES.indexOf(j.state);
  return [...jobs].sort((a, b) => rank(a) - rank(b)).slice(0, limit);
}
