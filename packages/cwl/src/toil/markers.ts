/**
 * What a job returns instead of failing when it meets a CWL error. A failed job ends the run with core's
 * FailedJobsError (exit 1, after its retries), which carries no cause: the user would read "1 job ran out of
 * retries" instead of the tool's or the expression's own line, cwltest needs exit 33 for "unsupported", and a
 * retry of a deterministic failure (an unsupported feature, a bad input, a tool's permanentFail exit code) only
 * doubles the time to the same end. So the job succeeds with a marker, every later round, gather and step passes
 * it on untouched (`markerIn`), and the leader (run.ts) turns it back into the error with the same message.
 * A tool's temporaryFail exit code, and anything that is not a CWL error (a crash, a full disk), still fails the
 * job, which Toil retries as `--retryCount` says.
 */
import { CwlError, CwlJobError, CwlToolFailedError, CwlUnsupportedError } from '../errors.js';

/** The key of an unsupported-feature marker; its value is the feature. */
export const UNSUPPORTED_KEY = 'cwl:unsupported';

/** The key of a failure marker; its value is the error's code and message. */
export const FAILED_KEY = 'cwl:failed';

/** A marker result (see the module comment). */
export type Marker = { [UNSUPPORTED_KEY]: string } | { [FAILED_KEY]: { code: string; message: string } };

/** The marker a job result is, if it is one. */
export function markerIn(value: unknown): Marker | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record[UNSUPPORTED_KEY] === 'string') return value as Marker;
  const failed = record[FAILED_KEY] as { code?: unknown; message?: unknown } | undefined;
  if (typeof failed === 'object' && failed !== null && typeof failed.message === 'string') return value as Marker;
  return undefined;
}

/** The error a marker stands for, with the message the job met. */
export function markerError(marker: Marker): CwlError {
  if (UNSUPPORTED_KEY in marker) return new CwlUnsupportedError(marker[UNSUPPORTED_KEY]);
  return new CwlJobError(marker[FAILED_KEY].code, marker[FAILED_KEY].message);
}

/** Runs a job body, turning a CWL error (but a temporaryFail) into its marker result. */
export async function markFailures<T>(body: () => Promise<T>): Promise<T | Marker> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof CwlUnsupportedError) return { [UNSUPPORTED_KEY]: error.feature };
    if (error instanceof CwlToolFailedError && error.kind === 'temporaryFail') throw error;
    if (error instanceof CwlError) return { [FAILED_KEY]: { code: error.code, message: error.message } };
    throw error;
  }
}
