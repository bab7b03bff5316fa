import { parseLocalTime } from './sge-time.js';
import type { AccountingEnd } from './sge-states.js';

/** One record of `qacct -j`: one run of one job (a rescheduled job has several). */
export interface AccountingRecord extends AccountingEnd {
  /** Job number, with `.task` for an array task. */
  id: string;
  jobName: string;
  /** When the job was submitted and when this run ended (ms since the epoch), when known. */
  submittedAt?: number;
  endedAt?: number;
}

/** `9s`, `9`, `9.250s` (versions differ) → seconds. */
function seconds(text: string | undefined): number | undefined {
  const match = /^(\d+(?:\.\d+)?)s?$/.exec(text?.trim() ?? '');
  return match ? Number(match[1]) : undefined;
}

/** A record's `key value` lines; keys are single words, values may have spaces (`failed 100 : assumedly after job`). */
function fields(block: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of block.split('\n')) {
    const match = /^(\w+)\s+(.*?)\s*$/.exec(line);
    if (match && !out.has(match[1])) out.set(match[1], match[2]);
  }
  return out;
}

/**
 * Parse `qacct -j` output: records separated by lines of `=`, each `key value` per line (accounting(5) names).
 * Blocks without a job number (the `Total System Usage` summary printed when nothing matched) are skipped.
 */
export function parseQacct(stdout: string): AccountingRecord[] {
  const records: AccountingRecord[] = [];
  for (const block of stdout.split(/^=+\s*$/m)) {
    const f = fields(block);
    const number = f.get('jobnumber');
    const failedField = /^(\d+)\s*(?::\s*(.*))?$/.exec(f.get('failed') ?? '');
    const exit = /^(\d+)/.exec(f.get('exit_status') ?? '');
    if (!number || !/^\d+$/.test(number) || !failedField || !exit) continue;
    const task = f.get('taskid');
    records.push({
      id: task && /^\d+$/.test(task) ? `${number}.${task}` : number,
      jobName: f.get('jobname') ?? '',
      failed: Number(failedField[1]),
      failedText: failedField[2]?.trim() ?? '',
      exitStatus: Number(exit[1]),
      wallclock: seconds(f.get('ru_wallclock')),
      submittedAt: parseLocalTime(f.get('qsub_time') ?? ''),
      endedAt: parseLocalTime(f.get('end_time') ?? ''),
    });
  }
  return records;
}

/**
 * The last record of each wanted job submitted at or after `notBefore(id)`: job numbers restart when a cell is
 * reinstalled, and the accounting file keeps the old jobs, so a record older than our submission is someone
 * else's. A rescheduled job's later run comes later in the file.
 */
export function latestRecords(
  records: readonly AccountingRecord[],
  notBefore: (id: string) => number | undefined,
): Map<string, AccountingRecord> {
  const out = new Map<string, AccountingRecord>();
  for (const record of records) {
    const since = notBefore(record.id);
    if (since === undefined) continue;
    if (record.submittedAt !== undefined && record.submittedAt < since) continue;
    out.set(record.id, record);
  }
  return out;
}
