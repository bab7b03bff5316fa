import { SchedulerError, type SchedulerJobStatus } from '@toil/batch-grid';
import { statusFromRecord, type BjobsRecord } from './lsf-states.js';

/** The `bjobs -o` fields our queries ask for (LSF 10.1.0.2 or later, for -json). */
export const BJOBS_FIELDS = 'jobid stat exit_code exit_reason run_time pend_reason';

/**
 * The job ID from bsub's answer, `Job <1234> is submitted to queue <normal>.` (or `... to default queue <normal>.`),
 * which may follow warnings from esub scripts or the site.
 */
export function parseBsubOutput(stdout: string): string {
  const id = /Job <(\d+)> is submitted to (?:default )?queue/.exec(stdout)?.[1];
  if (!id)
    throw new SchedulerError(
      `bsub printed no "Job <id> is submitted to queue <name>." line: ${JSON.stringify(stdout.trim().slice(0, 200))}`,
    );
  return id;
}

/**
 * One job of a bjobs answer: its ID and status (undefined for jobs bjobs does not know or a state it has no rule for).
 */
export interface BjobsRow {
  id: string;
  stat?: string;
  status: SchedulerJobStatus | undefined;
  /** bjobs's error for this job, e.g. `Job <123> is not found`. */
  error?: string;
}

/**
 * Parse `bjobs -o BJOBS_FIELDS -json` output: `{"COMMAND":"bjobs","JOBS":n,"RECORDS":[{...}]}`. Jobs bjobs no
 * longer knows come back as records with an ERROR field. Throws SchedulerError on anything that is not that shape.
 */
export function parseBjobsJson(stdout: string): BjobsRow[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    throw new SchedulerError(
      `bjobs -json printed something that is not JSON: ${JSON.stringify(stdout.trim().slice(0, 200))}`,
    );
  }
  const records = (parsed as { RECORDS?: unknown } | null)?.RECORDS;
  if (!Array.isArray(records))
    throw new SchedulerError(`bjobs -json printed no RECORDS list: ${JSON.stringify(stdout.trim().slice(0, 200))}`);
  return records.flatMap((record: BjobsRecord): BjobsRow[] => {
    if (typeof record?.JOBID !== 'string') return [];
    if (record.ERROR) return [{ id: record.JOBID, status: undefined, error: record.ERROR }];
    return [{ id: record.JOBID, stat: record.STAT, status: statusFromRecord(record) }];
  });
}
