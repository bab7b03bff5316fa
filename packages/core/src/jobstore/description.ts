import type { ResolvedRequirements } from '../requirements/requirements.js';
import type { Encoded } from '../codec/codec.js';

/** One element of an `rv()` path: an object key or an array index. */
export type PathElem = string | number;

/** Where a job must write (part of) its return value when it finishes. */
export interface PromiseTarget {
  /** Path into the return value; empty for the whole value. */
  path: PathElem[];
  /** Job-store file that receives the encoded value. */
  fileId: string;
}

/** A service hosted for a job: started after the job runs, stopped after all its successors finish. */
export interface ServiceRecord {
  /** ID of the service host job. */
  hostId: string;
  /** Host ID of the parent service, if this is a sub-service. */
  parentHostId?: string;
}

/**
 * Everything the leader needs about one job, stored as JSON in the job store. It refers to other jobs only by ID.
 * Writes of a description are atomic, so readers see either the old or the new version.
 */
export interface JobDescription {
  /** Schema version of this record. */
  v: 1;
  /** Job-store ID. */
  id: string;
  /** Registered job name (the key workers look the function up by). */
  name: string;
  /** Name shown in logs and `toil stats`. */
  displayName: string;
  /** Codec-encoded arguments, with promise markers that point at job-store files. */
  args: Encoded;
  /** Resources with defaults applied. */
  requirements: ResolvedRequirements;
  /**
   * False while the job body must still run; true once the body ran and its successors and promises are saved.
   * (Toil's `command is None`.)
   */
  done: boolean;
  /**
   * Successor batches in the order they run: index 0 holds the children, index 1 the follow-ons. A batch starts
   * when every job of the previous batch (and everything that job spawned) has finished, i.e. is gone from the store.
   */
  successors: string[][];
  /** Number of jobs that list this one as a successor; it runs once all of them have run. */
  predecessorCount: number;
  /** Attempts left before the job counts as failed. */
  remainingTries: number;
  /** Files that receive this job's return value. */
  promises: PromiseTarget[];
  /** Services this job hosts, in start order (parents before sub-services). */
  services: ServiceRecord[];
  /**
   * Requirements computed from promises (`promisedRequirement`), encoded as `{ memory: [fnName | null, ...args] }`
   * with promise markers. `requirements` holds the defaults in their place until the leader resolves them just
   * before it first issues the job; it then stores the figures and drops this field.
   */
  promisedRequirements?: Encoded;
  /** Set for checkpoint jobs: the encoded arguments to rerun the job with when its subtree fails. */
  checkpoint?: { args: Encoded };
  /** Set on service host jobs. */
  service?: ServiceHostState;
  /** Log of the last failed attempt, kept in the job store. */
  logFileId?: string;
  /** File IDs to delete once this job is gone; a journal for crash recovery. */
  filesToDelete?: string[];
}

/** State of a service host job (Toil's ServiceJobDescription flags). */
export interface ServiceHostState {
  /** Flag file the host deletes once the service has started. */
  startFlagId: string;
  /** Flag file the leader deletes to ask the service to stop. */
  terminateFlagId: string;
  /** Flag file the leader deletes when the service must stop because the workflow failed. */
  errorFlagId: string;
}

/** Generates job and file IDs that sort poorly on purpose (spreads them over directories) and never collide. */
export function randomId(prefix: string): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += (b % 36).toString(36);
  return prefix + s;
}
