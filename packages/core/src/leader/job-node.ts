import type { JobDescription } from '../jobstore/description.js';

/** Where a job is in its life, as the leader sees it. */
export type NodeState =
  /** Not run yet; waiting for its predecessors to have run. */
  | 'waiting'
  /** Handed to the batch system. */
  | 'issued'
  /** Its body ran; its services are starting. */
  | 'startingServices'
  /** Its body ran; successor batches are running. */
  | 'running'
  /** All successors finished; its services are stopping. */
  | 'stoppingServices'
  /** Out of retries. */
  | 'failed';

/** The leader's in-memory record of one job it is tracking. Dropped once the job has finished. */
export interface JobNode {
  id: string;
  desc: JobDescription;
  state: NodeState;
  /** Jobs waiting for this one to finish (its predecessors whose current batch includes it). */
  waiters: string[];
  /** Predecessors that have run (for jobs with several predecessors). */
  predecessorsRun: number;
  /** Index of the successor batch in progress. */
  batchIndex: number;
  /** Jobs of the current batch that have not finished. */
  outstanding: number;
  /** Service hosts not yet started (while starting) or not yet exited (while stopping). */
  servicesPending: Set<string>;
}

/** A fresh node for a loaded description. */
export function newNode(desc: JobDescription): JobNode {
  return {
    id: desc.id,
    desc,
    state: desc.done ? 'running' : 'waiting',
    waiters: [],
    predecessorsRun: 0,
    batchIndex: 0,
    outstanding: 0,
    servicesPending: new Set(),
  };
}
