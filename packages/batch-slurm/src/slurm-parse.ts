import type { SchedulerJobStatus } from '@toil/batch-grid';
import { isEndedState, statusFromState } from './slurm-states.js';

/** The `-o` format our squeue calls use: job ID (array tasks as `123_4`), long state, time used, pending reason. */
export const SQUEUE_FORMAT = '%i|%T|%M|%r';

/** The `-o` fields our sacct calls use (with `-P`: `|`-separated, no padding). */
export const SACCT_FIELDS = 'JobID,State,ExitCode,ElapsedRaw';

/** A job's row in some Slurm listing. */
export interface SlurmRow {
  id: string;
  state: string;
  status: SchedulerJobStatus | undefined;
}

/** Parse `squeue -h -o SQUEUE_FORMAT` output. */
export function parseSqueue(stdout: string): SlurmRow[] {
  return rows(stdout, 4).map(([id, state, used, reason]) => ({
    id,
    state,
    status: statusFromState(state, undefined, used, reason),
  }));
}

/** Parse `sacct -n -P -X -o SACCT_FIELDS` output. */
export function parseSacct(stdout: string): SlurmRow[] {
  return rows(stdout, 4).map(([id, state, exitCode, elapsedRaw]) => ({
    id,
    state,
    status: statusFromState(state, exitCode, elapsedRaw),
  }));
}

/**
 * Parse `scontrol -o show job` output: one job per line of `Key=Value` pairs. Values of other keys may contain
 * spaces (JobName, Command), so only the keys needed are picked out by name.
 */
export function parseScontrol(stdout: string): SlurmRow[] {
  const out: SlurmRow[] = [];
  for (const line of stdout.split('\n')) {
    const field = (key: string) => new RegExp(`(?:^|\\s)${key}=(\\S*)`).exec(line)?.[1];
    const jobId = field('JobId');
    const state = field('JobState');
    if (!jobId || !state) continue;
    const arrayJob = field('ArrayJobId');
    const task = field('ArrayTaskId');
    const id = arrayJob && task && /^\d+$/.test(task) ? `${arrayJob}_${task}` : jobId;
    out.push({ id, state, status: statusFromState(state, field('ExitCode'), field('RunTime'), field('Reason')) });
  }
  return out;
}

/** Lines split on `|` with at least `fields` fields; headers, blank lines and job steps (`123.batch`) are skipped. */
function rows(stdout: string, fields: number): string[][] {
  return stdout
    .split('\n')
    .map((line) => line.trim().split('|'))
    .filter((parts) => parts.length >= fields && /^\d+(_\d+)?$/.test(parts[0]));
}

/** Rows whose state is final. */
export function endedRows(list: SlurmRow[]): SlurmRow[] {
  return list.filter((row) => isEndedState(row.state));
}
