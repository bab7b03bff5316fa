import { stat } from 'node:fs/promises';
import { InvalidLocatorError, NoSuchJobStoreError, ToilError, type WorkflowConfig } from '@toil/core';
import type { JobStore } from '@toil/core/backend';
import { openJobStore, parseLocator } from '@toil/core/internal';

/** A job store that exists and whose config this Toil can read. */
export interface ExistingStore {
  store: JobStore;
  config: WorkflowConfig;
  /** Canonical locator, e.g. `file:/abs/path`. */
  locator: string;
}

/** What a `file:` path holds when no store is there: nothing, or something that is not a job store. */
async function pathKind(path: string): Promise<'missing' | 'directory' | 'file'> {
  try {
    return (await stat(path)).isDirectory() ? 'directory' : 'file';
  } catch {
    return 'missing';
  }
}

/**
 * Open a job store for an operating command (`status`, `stats`, `kill`, `debug-*`, `clean`): it must exist, be a
 * Toil job store and have a config this version reads. Each failure is a one-line ToilError that quotes the
 * value and says what would work. `purpose` completes "so there is nothing to ...".
 */
export async function openExistingStore(input: string, purpose: string): Promise<ExistingStore> {
  const parsed = parseLocator(input);
  const { store } = await openJobStore(parsed.locator);
  if (!(await store.exists())) {
    const kind = parsed.scheme === 'file' ? await pathKind(parsed.rest) : 'missing';
    if (kind !== 'missing') {
      throw new InvalidLocatorError(
        input,
        `${parsed.rest} is a ${kind} but not a Toil job store (it has no shared/config.json); give the job store directory of a workflow, the <jobStore> argument of 'toil run'`,
      );
    }
    throw new NoSuchJobStoreError(
      parsed.locator,
      `so there is nothing to ${purpose}. Check the path: it is the <jobStore> argument given to 'toil run'.`,
    );
  }
  let config: WorkflowConfig;
  try {
    config = await store.resume();
  } catch (error) {
    // CodecVersionError (a newer Toil wrote it) already says what to do; anything else means a foreign or torn config.
    if (ToilError.is(error)) throw error;
    throw new InvalidLocatorError(
      input,
      `its config (shared/config.json) is not a Toil config: ${(error as Error).message}`,
    );
  }
  return { store, config, locator: parsed.locator };
}
