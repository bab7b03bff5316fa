import { MalformedStatsBlobError } from '../errors.js';
import type { JobLogRecord } from '../worker/job-logs.js';
import type { ChannelMessage } from '../worker/realtime-relay.js';

/** What the leader takes from one stats/logging blob: the jobs' messages and the successful jobs' whole logs. */
export interface LogBlob {
  logs: ChannelMessage[];
  jobLogs: JobLogRecord[];
}

/**
 * Parse a blob of the stats/logging channel for its messages and job logs. The whole blob is checked before any
 * of it is used, so a bad one is relayed not at all rather than in part. Other keys (`--stats` figures) are left
 * to `toil stats`.
 *
 * @throws MalformedStatsBlobError when the blob is not JSON or its `logs`/`jobLogs` do not have the shape workers
 *   write (a truncated or foreign file): the store then sets it aside.
 */
export function parseLogBlob(blob: string): LogBlob {
  let value: unknown;
  try {
    value = JSON.parse(blob);
  } catch (error) {
    throw new MalformedStatsBlobError(blob, `it is not JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new MalformedStatsBlobError(blob, 'it is not a JSON object');
  const { logs = [], jobLogs = [] } = value as Record<string, unknown>;
  if (!Array.isArray(logs) || !logs.every(isChannelMessage)) {
    throw new MalformedStatsBlobError(
      blob,
      "its 'logs' are not a list of {jobStoreID, name, level, text, time} messages",
    );
  }
  if (!Array.isArray(jobLogs) || !jobLogs.every(isJobLog)) {
    throw new MalformedStatsBlobError(blob, "its 'jobLogs' are not a list of {jobStoreID, name, text} logs");
  }
  return { logs, jobLogs };
}

function isChannelMessage(m: unknown): m is ChannelMessage {
  if (!isRecord(m)) return false;
  // The time must make a Date: the drain prints it as one.
  const time = typeof m.time === 'number' ? new Date(m.time).getTime() : NaN;
  return (
    typeof m.jobStoreID === 'string' &&
    typeof m.name === 'string' &&
    typeof m.level === 'number' &&
    typeof m.text === 'string' &&
    !Number.isNaN(time)
  );
}

function isJobLog(l: unknown): l is JobLogRecord {
  return isRecord(l) && typeof l.jobStoreID === 'string' && typeof l.name === 'string' && typeof l.text === 'string';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
