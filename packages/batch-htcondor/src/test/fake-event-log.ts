import { appendFileSync } from 'node:fs';
import { SIGNAL_NUMBERS, type FakeJob } from '@toil/batch-grid/testing';

/** `2026-11-24 10:00:00` in local time, as HTCondor 8.8+ stamps events. */
function stamp(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Append one event (`NNN (cluster.000.000) time text`, its indented lines, `...`) to a job event log. */
export function writeEvent(
  path: string,
  code: number,
  job: FakeJob,
  at: number,
  text: string,
  body: string[] = [],
): void {
  const header = `${String(code).padStart(3, '0')} (${job.id.padStart(3, '0')}.000.000) ${stamp(at)} ${text}`;
  try {
    appendFileSync(path, `${[header, ...body.map((line) => `\t${line}`), '...'].join('\n')}\n`);
  } catch {
    // HTCondor holds a job whose log cannot be written; the fake just skips the event.
  }
}

/** The termination event of a job that ended on its own: its return value, or the signal that ended it. */
export function terminatedBody(job: FakeJob): string[] {
  if (job.signal) return [`(0) Abnormal termination (signal ${SIGNAL_NUMBERS[job.signal] ?? 9})`, '(0) No core file'];
  return [
    `(1) Normal termination (return value ${job.exitCode ?? 0})`,
    '\tUsr 0 00:00:00, Sys 0 00:00:00  -  Run Remote Usage',
  ];
}

/** What HTCondor says when it holds a job for going over its memory request. */
export const MEMORY_HOLD =
  'Error from slot1_1@fake.example.org: Job has gone over cgroup memory limit of 256 megabytes.  Consider resubmitting with a higher request_memory.';
