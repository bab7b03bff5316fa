import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { WorkflowConfig } from '../options/config.js';
import { parseLocator } from '../options/locator.js';
import { toilWorkDir } from '../worker/runtime.js';

/** Whether a workflow's jobs use the caching file store, and why (the leader logs the reason). */
export interface CachingDecision {
  /** True: workers open the caching file store; false: the plain file store. */
  on: boolean;
  /** Why, in words, for the leader's log. */
  reason: string;
}

/** What the decision needs besides the options: facts the leader learns from its batch system. */
export interface CachingFacts {
  /** The batch system's `supportsWorkerCleanup()`: something removes the node caches after the workflow. */
  workerCleanup: boolean;
  /** Whether @toil/filestore-cache can be resolved; a default never fails the run for a missing package. */
  installed: boolean;
  /** The file system device of a path (tests stub it); undefined when nothing on the path exists. */
  deviceOf?(path: string): number | undefined;
}

/**
 * Toil's default for caching: on unless `--disableCaching` says otherwise, the batch system cannot clean the
 * nodes up, or the job store is a `file:` store on the work dir's file system. There the plain file store already
 * hard-links read-only reads (same inode, no transfer), so a cache adds only bookkeeping; any other store (`aws:`,
 * `google:`, a `file:` store on another mount) would otherwise download or copy a file for every read.
 * An explicit `--disableCaching false` where the batch system cannot clean up is refused by the leader, not here.
 */
export function decideCaching(config: WorkflowConfig, facts: CachingFacts): CachingDecision {
  if (config.disableCaching === true) return { on: false, reason: '--disableCaching' };
  if (config.disableCaching === false) return { on: true, reason: '--disableCaching false' };
  if (!facts.workerCleanup)
    return { on: false, reason: `the ${config.batchSystem} batch system does not clean up nodes` };
  if (!facts.installed) return { on: false, reason: '@toil/filestore-cache is not installed' };
  const locator = parseLocator(config.jobStore);
  if (locator.scheme !== 'file') return { on: true, reason: `the job store is remote (${locator.scheme}:)` };
  const deviceOf = facts.deviceOf ?? existingDevice;
  const storeDevice = deviceOf(locator.rest);
  const workDevice = deviceOf(toilWorkDir(config.workDir));
  // Unknown devices count as the same file system: the plain file store is never wrong, only slower.
  if (storeDevice === undefined || workDevice === undefined || storeDevice === workDevice)
    return { on: false, reason: "the file: job store is on the work dir's file system" };
  return { on: true, reason: "the file: job store is on another file system than the work dir's" };
}

/** The device of the path, or of its nearest existing ancestor (a job store is created after this is asked). */
function existingDevice(path: string): number | undefined {
  for (let current = path; ; current = dirname(current)) {
    try {
      return statSync(current).dev;
    } catch {
      if (dirname(current) === current) return undefined;
    }
  }
}
