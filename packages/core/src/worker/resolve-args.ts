import { decode, decodeEnvelope, promiseFilesIn, type Encoded } from '../codec/codec.js';
import { ToilError } from '../errors.js';
import type { JobStore } from '../jobstore/jobstore.js';
import { mapLimit } from '../util/concurrency.js';

/** A promise whose file is still empty when its consumer runs. */
export class UnfulfilledPromiseError extends ToilError {
  constructor(jobName: string) {
    super(
      'UNFULFILLED_PROMISE',
      `Job '${jobName}' received a promise whose value does not exist yet: there aren't enough constraints to ensure the promising job runs first. Consider adding a follow-on indirection: pass rv() to a follow-on of the job that creates the promising job.`,
    );
  }
}

/** Decode a job's arguments, reading the value of every promise marker from its job-store file. */
export async function resolveArgs(store: JobStore, args: Encoded, jobName: string): Promise<unknown[]> {
  const files = promiseFilesIn(args);
  const values = new Map<string, unknown>();
  if (files.length) {
    // A promise file that does not exist yet (or is empty) was never fulfilled.
    const texts = await mapLimit(files, 64, async (fileId) => {
      try {
        return (await store.readFileBytes(fileId)).toString('utf8');
      } catch (error) {
        if (ToilError.is(error) && error.code === 'NO_SUCH_FILE') return '';
        throw error;
      }
    });
    files.forEach((fileId, i) => {
      if (!texts[i]) throw new UnfulfilledPromiseError(jobName);
      values.set(fileId, decodeEnvelope(texts[i]));
    });
  }
  return decode(args, { decodePromise: (fileId) => values.get(fileId) }) as unknown[];
}
