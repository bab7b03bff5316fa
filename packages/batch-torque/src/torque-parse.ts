import { parseClockTime, SchedulerError, type SchedulerJobStatus } from '@toil/batch-grid';
import { statusFromAttributes, statusFromExit } from './torque-states.js';

/** The job ID qsub prints alone on a line: `123.server.example.org` (or a bare `123`). */
export function parseQsubOutput(stdout: string): string {
  const id = stdout
    .split('\n')
    .map((line) => line.trim())
    .find((line) => /^\d+(\[\d*\])?(\.[\w.-]+)?$/.test(line));
  if (!id)
    throw new SchedulerError(
      `qsub printed no job ID (like 123.server): ${JSON.stringify(stdout.trim().slice(0, 200))}`,
    );
  return id;
}

/** The sequence number a Torque job ID starts with: `123.server.example.org` → `123`. */
export function sequenceNumber(jobId: string): string {
  return jobId.split('.')[0];
}

/** One job of `qstat -f -1` output. */
export interface QstatJob {
  id: string;
  attributes: Map<string, string>;
  status: SchedulerJobStatus | undefined;
}

/**
 * Parse `qstat -f -1` output: blocks starting `Job Id: <id>`, then `    name = value` attribute lines. With `-1`
 * values are not folded; a folded value (continuation lines starting with a tab, from qstat without -1) is joined
 * anyway. Values may contain ` = ` themselves (Variable_List), so only the first one splits.
 */
export function parseQstatFull(stdout: string): QstatJob[] {
  const jobs: QstatJob[] = [];
  let current: QstatJob | undefined;
  let lastKey: string | undefined;
  for (const raw of stdout.split('\n')) {
    const header = /^Job Id:\s*(\S+)/.exec(raw);
    if (header) {
      current = { id: header[1], attributes: new Map(), status: undefined };
      jobs.push(current);
      lastKey = undefined;
      continue;
    }
    if (!current || !raw.trim()) continue;
    const attribute = /^\s+([\w.]+) = (.*)$/.exec(raw);
    if (attribute) {
      lastKey = attribute[1];
      current.attributes.set(lastKey, attribute[2].trim());
    } else if (lastKey && /^\t/.test(raw)) {
      current.attributes.set(lastKey, current.attributes.get(lastKey) + raw.trim());
    }
  }
  for (const job of jobs) job.status = statusFromAttributes(job.attributes);
  return jobs;
}

/**
 * The end of a job from `tracejob` (the server's logs), for jobs qstat no longer shows (the server keeps completed
 * jobs only for keep_completed seconds): the `Exit_status=N ... resources_used.walltime=HH:MM:SS` record.
 * Undefined when the logs hold no end for it (yet).
 */
export function parseTracejob(stdout: string): SchedulerJobStatus | undefined {
  const line = stdout.split('\n').findLast((l) => /\bExit_status=-?\d+/.test(l));
  if (!line) return undefined;
  const exit = Number(/\bExit_status=(-?\d+)/.exec(line)?.[1]);
  const walltime = /\bresources_used\.walltime=(\S+)/.exec(line)?.[1];
  return statusFromExit(exit, walltime === undefined ? undefined : parseClockTime(walltime));
}
