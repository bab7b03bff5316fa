import { ToilError } from '@toil/core';
import type { JobDescription, JobStore } from '@toil/core/backend';

/** Names shown when nothing matches, at most. */
const SHOWN = 10;

/**
 * The job `key` names: a job ID, or else a job name or display name. Several jobs with one name are ambiguous,
 * unless exactly one of them failed for good, which is the one a user debugs.
 */
export async function findJob(store: JobStore, locator: string, key: string): Promise<JobDescription> {
  const byId = await store.tryLoad(key);
  if (byId) return byId;
  const all: JobDescription[] = [];
  for await (const job of store.jobs()) all.push(job);
  const named = all.filter((j) => j.name === key || j.displayName === key);
  if (named.length === 1) return named[0];
  const failed = named.filter((j) => !j.done && j.remainingTries <= 0);
  if (failed.length === 1) return failed[0];
  if (named.length > 1) {
    const ids = named.slice(0, SHOWN).map((j) => j.id);
    throw new ToilError(
      'AMBIGUOUS_JOB',
      `${named.length} jobs in ${locator} are named '${key}' (${ids.join(', ')}${named.length > SHOWN ? ', ...' : ''}); give one job ID.`,
    );
  }
  const names = [...new Set(all.map((j) => j.displayName))].sort();
  const listed = names.length
    ? `${names.slice(0, SHOWN).join(', ')}${names.length > SHOWN ? ', ...' : ''}`
    : '(none: the workflow has finished)';
  throw new ToilError(
    'NO_SUCH_JOB',
    `No job in ${locator} has the ID or name '${key}'. Jobs left are named: ${listed}. 'toil status --printPerJobStats' lists their IDs.`,
  );
}
