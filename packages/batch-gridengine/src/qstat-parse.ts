import { parseLocalTime } from './sge-time.js';

/** One job of `qstat -xml`. */
export interface QstatRow {
  /** Job number; array tasks would add `.task`, but Toil submits no arrays. */
  id: string;
  /** State code, e.g. `qw`, `r`, `Eqw`, `dr`. */
  state: string;
  /** When a started job started (ms since the epoch). */
  startedAt?: number;
}

/** The text of `<tag>…</tag>` in `xml`, with XML's five entities decoded. */
function element(xml: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml);
  return match?.[1].replace(
    /&(lt|gt|quot|apos|amp);/g,
    (_, name: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[name] as string,
  );
}

/**
 * Parse `qstat -xml`. The XML rather than the table: a site's sge_qstat defaults file can add options (`-ext`,
 * `-r`, `-urg`) that insert columns and lines into the table, while the XML keeps its element names.
 */
export function parseQstatXml(stdout: string): QstatRow[] {
  const rows: QstatRow[] = [];
  for (const match of stdout.matchAll(/<job_list\b[^>]*>([\s\S]*?)<\/job_list>/g)) {
    const body = match[1];
    const id = element(body, 'JB_job_number');
    const state = element(body, 'state');
    if (!id || !/^\d+$/.test(id) || !state) continue;
    const task = element(body, 'tasks');
    const started = element(body, 'JAT_start_time');
    rows.push({ id: task ? `${id}.${task}` : id, state, startedAt: started ? parseLocalTime(started) : undefined });
  }
  return rows;
}

/**
 * The latest `error reason` of each job in `qstat -j <ids>` output: why a job went into error state (`Eqw`), e.g.
 * `can't chdir to /nonexistent/wd: No such file or directory`. The reason lines read
 * `error reason    1:      11/25/2026 16:51:44 [0:8865]: error: <why>`; the date and [uid:pid] are dropped.
 */
export function parseQstatErrorReasons(stdout: string): Map<string, string> {
  const reasons = new Map<string, string>();
  let job: string | undefined;
  for (const line of stdout.split('\n')) {
    const number = /^job_number:\s+(\d+)/.exec(line);
    if (number) job = number[1];
    const reason = /^error reason\s+\d+:\s+(.*)$/.exec(line);
    if (job && reason)
      reasons.set(
        job,
        reason[1]
          .replace(/^\S+ \S+ \[[^\]]*\]:\s*/, '')
          .replace(/^error:\s*/, '')
          .trim(),
      );
  }
  return reasons;
}
