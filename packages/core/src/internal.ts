/**
 * @toil/core/internal: the leader and worker machinery, for backends' and the project's own tests (e.g. driving
 * a leader against an in-memory job store with an in-process batch system). Not a stable API.
 */
export { Leader, type LeaderOptions } from './leader/leader.js';
export { cleanForRestart } from './leader/clean.js';
export { readRootValue, saveRootJob } from './leader/root-job.js';
export { runWorker, type WorkerResult } from './worker/run-worker.js';
export type { WorkerRuntime } from './worker/runtime.js';
export { debugJob, type DebugJobOutcome, type DebugJobOptions } from './worker/debug-job.js';
export type { JobStat } from './worker/run-job.js';
export { assertFinishedRoot } from './leader/root-job.js';
export { checkJobStore, findGraphDamage, loadJobGraph, type GraphDamage } from './leader/graph-check.js';
