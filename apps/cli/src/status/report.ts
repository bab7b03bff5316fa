/**
 * The text of `toil status`, in Toil's wording and tags (seed L4709–4711; Toil 5.9 for the per-job lines), so
 * scripts that read Toil's output keep working. Jobs print as `'<name>' <id>`, as in the leader's log.
 */
import type { JobDescription, JobStore } from '@toil/core/backend';
import type { JobReport, StatusCounts } from './collect.js';

/** How a job is named in every line. */
export function jobLabel(desc: JobDescription): string {
  return `'${desc.displayName}' ${desc.id}`;
}

/** Toil's summary sentence. */
export function summaryLine(counts: StatusCounts, locator: string): string {
  return (
    `Of the ${counts.considered} jobs considered, there are ${counts.withChildren} jobs with children, ${counts.readyToRun} jobs ready to run, ` +
    `${counts.zombies} zombie jobs, ${counts.withServices} jobs with services, ${counts.services} services, and ${counts.withLogFiles} jobs with log files currently in ${locator}.`
  );
}

/** The failed jobs, in the words of Toil's older summary ("totally failed jobs"), with what to do. */
export function failedLine(reports: readonly JobReport[]): string | undefined {
  const failed = reports.filter((r) => r.properties.has('FAILED'));
  if (!failed.length) return undefined;
  const shown = failed.slice(0, 5).map((r) => jobLabel(r.desc));
  const more = failed.length > shown.length ? `, and ${failed.length - shown.length} more` : '';
  return `There are ${failed.length} totally failed jobs (no tries left): ${shown.join(', ')}${more}. 'toil status --printLogs' shows their logs; fix the cause and run the workflow again with --restart.`;
}

/** `--printPerJobStats`: one tab-separated line per job with Toil's tags. */
export function perJobLines(reports: readonly JobReport[]): string[] {
  const flag = (r: JobReport, p: Parameters<JobReport['properties']['has']>[0]) =>
    `${p}:${r.properties.has(p) ? 'True' : 'False'}`;
  return reports.map((r) =>
    [
      `JOB:${jobLabel(r.desc)}`,
      `LOG_FILE:${r.desc.logFileId ?? 'None'}`,
      `TRYS_REMAINING:${r.desc.remainingTries}`,
      `CHILD_NUMBER:${r.pending.flat().length}`,
      flag(r, 'READY_TO_RUN'),
      flag(r, 'IS_ZOMBIE'),
      flag(r, 'HAS_SERVICES'),
      flag(r, 'IS_SERVICE'),
      flag(r, 'FAILED'),
    ].join('\t'),
  );
}

/** `--printChildren`: each job's successors still to run, with their batch (0 = child, 1 = follow-on). */
export function childrenLines(reports: readonly JobReport[], byId: ReadonlyMap<string, JobDescription>): string[] {
  return reports.map((r) => {
    const children = r.pending.flatMap((batch, level) =>
      batch.map((id) => `\t(CHILD_JOB:${byId.has(id) ? jobLabel(byId.get(id)!) : id},PRECEDENCE:${level})`),
    );
    return `CHILDREN_OF_JOB:${jobLabel(r.desc)} ${children.join('')}`;
  });
}

/** `--printLogs`: the stored log of each job's last failed attempt, every line indented by a tab. */
export async function logLines(store: JobStore, reports: readonly JobReport[]): Promise<string[]> {
  const lines: string[] = [];
  for (const r of reports) {
    const label = jobLabel(r.desc);
    const text = r.desc.logFileId
      ? await store.readFileBytes(r.desc.logFileId).then(
          (b) => b.toString('utf8'),
          () => undefined,
        )
      : undefined;
    if (text === undefined) {
      lines.push(`LOG_FILE_OF_JOB:${label} LOG: Job has no log file`);
      continue;
    }
    lines.push(
      `LOG_FILE_OF_JOB:${label} LOG: =======>`,
      ...text
        .replace(/\n$/, '')
        .split('\n')
        .map((l) => `\t${l}`),
      '<=========',
    );
  }
  return lines;
}
