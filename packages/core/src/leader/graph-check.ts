import { promiseFilesIn } from '../codec/codec.js';
import { DamagedJobStoreError } from '../errors.js';
import type { JobDescription } from '../jobstore/description.js';
import { SharedFiles, type JobStore } from '../jobstore/jobstore.js';
import { mapLimit } from '../util/concurrency.js';
import { assertFinishedRoot, rootValueFileId } from './root-job.js';

/**
 * Finding damage in a stopped workflow's job graph before a restart acts on it. A missing record looks like a
 * finished job to the leader (finished jobs are deleted), so a restart of a damaged store would skip work, fail
 * later with a misleading "unfulfilled promise", or report success; and the restart's clean-up deletes every
 * record it cannot reach from the root. Each record is checked when it is loaded (the job store throws
 * DamagedJobStoreError naming its file); the graph checks here find records that are missing although the
 * workflow cannot have finished them. Only for a store no leader is working on: while one runs, jobs vanish
 * between reads.
 */

const READ_LANES = 64;

/** Every job reachable from `rootId` (successors and service hosts), breadth first; iterative for deep graphs. */
export async function loadJobGraph(store: JobStore, rootId: string): Promise<Map<string, JobDescription>> {
  const reachable = new Map<string, JobDescription>();
  let frontier = [rootId];
  while (frontier.length) {
    const loaded = await mapLimit(frontier, READ_LANES, (id) => store.tryLoad(id));
    const next: string[] = [];
    for (const desc of loaded) {
      if (!desc || reachable.has(desc.id)) continue;
      reachable.set(desc.id, desc);
      for (const id of desc.successors.flat()) if (!reachable.has(id)) next.push(id);
      for (const s of desc.services) if (!reachable.has(s.hostId)) next.push(s.hostId);
    }
    frontier = [...new Set(next)];
  }
  return reachable;
}

/** One piece of damage: which record or file, and what is wrong. */
export interface GraphDamage {
  where: string;
  problem: string;
}

/**
 * Successor batches run in order and a job is deleted only after everything below it: so while a batch of a job
 * still has a job in the store, every job of its later batches has not run and must be there.
 */
function missingLaterSuccessor(reachable: Map<string, JobDescription>): GraphDamage | undefined {
  for (const desc of reachable.values()) {
    const first = desc.successors.findIndex((batch) => batch.some((id) => reachable.has(id)));
    if (first < 0) continue;
    for (const batch of desc.successors.slice(first + 1)) {
      const missing = batch.find((id) => !reachable.has(id));
      if (missing === undefined) continue;
      const waiting = desc.successors[first]!.find((id) => reachable.has(id))!;
      return {
        where: `the job record '${missing}'`,
        problem: `is missing: it is a follow-on of '${desc.displayName}' ${desc.id} that cannot have run yet (its earlier successor '${reachable.get(waiting)!.displayName}' ${waiting} has not finished)`,
      };
    }
  }
  return undefined;
}

/**
 * Every promised value a job still waiting to run takes as an argument (and the workflow's result) was either
 * written (a non-empty file) or will be, by a job in the store that lists the file among its promises. An empty file
 * that no remaining job
 * will write means the record of the job that promised it is gone: the consumer could never run.
 */
async function orphanedPromise(
  store: JobStore,
  reachable: Map<string, JobDescription>,
): Promise<GraphDamage | undefined> {
  // Promises a job will still write: those of jobs yet to run, and of started checkpoints, which a restart reruns.
  // A job that ran wrote its values or handed its promises to a job it created, before it was marked done.
  const pending = new Set<string>();
  for (const desc of reachable.values()) {
    if (desc.done && !desc.checkpoint) continue;
    for (const target of desc.promises) pending.add(target.fileId);
  }
  const waits: { fileId: string; consumer?: JobDescription }[] = [];
  for (const desc of reachable.values()) {
    if (desc.done) continue;
    // Promised requirements (`promisedRequirement`) wait on promise files just as arguments do.
    for (const fileId of promiseFilesIn(desc.args, promiseFilesIn(desc.promisedRequirements ?? null)))
      if (!pending.has(fileId)) waits.push({ fileId, consumer: desc });
  }
  // The workflow's own result is promised the same way, by the root job or whoever it handed its promise to.
  const rootValue = await rootValueFileId(store);
  if (rootValue !== undefined && !pending.has(rootValue)) waits.push({ fileId: rootValue });
  const sizes = await mapLimit(waits, READ_LANES, (w) => store.getFileSize(w.fileId));
  const index = sizes.findIndex((size) => size === 0);
  if (index < 0) return undefined;
  const { fileId, consumer } = waits[index]!;
  const missing = 'that no job left in the store will write: the record of the job that promised it is missing';
  if (!consumer)
    return {
      where: `the workflow's return value '${fileId}'`,
      problem: `is still to be written, but by no job left in the store: the record of the job that promised it is missing`,
    };
  return {
    where: `the job record '${consumer.id}' ('${consumer.displayName}')`,
    problem: `waits for a promised value in '${fileId}' ${missing}`,
  };
}

/** The first damage found in a loaded graph, or undefined. Reads the sizes of promise files; writes nothing. */
export async function findGraphDamage(
  store: JobStore,
  reachable: Map<string, JobDescription>,
): Promise<GraphDamage | undefined> {
  return missingLaterSuccessor(reachable) ?? (await orphanedPromise(store, reachable));
}

/** Graphs checked by `checkJobStore`, kept for the restart's clean-up so it does not read every record again. */
const checkedGraphs = new WeakMap<JobStore, { rootId: string; reachable: Map<string, JobDescription> }>();

/**
 * Check a stopped workflow's job store before anything is written to it: the root pointer, the root job (gone
 * only if the workflow finished), every reachable record and the graph. Throws DamagedJobStoreError.
 */
export async function checkJobStore(store: JobStore): Promise<void> {
  const rootId = await store.loadRootJobId();
  if (!rootId) return;
  const reachable = await loadJobGraph(store, rootId);
  if (!reachable.has(rootId)) return assertFinishedRoot(store, rootId);
  const damage = await findGraphDamage(store, reachable);
  if (damage) throw new DamagedJobStoreError(store.locator, damage.where, damage.problem);
  checkedGraphs.set(store, { rootId, reachable });
}

/**
 * The checked graph of `rootId`: the one `checkJobStore` loaded (taken once, so a later restart reads afresh),
 * or loaded and checked now. The root job must exist.
 */
export async function checkedJobGraph(store: JobStore, rootId: string): Promise<Map<string, JobDescription>> {
  const cached = checkedGraphs.get(store);
  checkedGraphs.delete(store);
  if (cached?.rootId === rootId) return cached.reachable;
  const reachable = await loadJobGraph(store, rootId);
  const damage = reachable.has(rootId)
    ? await findGraphDamage(store, reachable)
    : {
        where: `the root job record '${rootId}' (named by the shared file '${SharedFiles.rootJob}')`,
        problem: 'is missing',
      };
  if (damage) throw new DamagedJobStoreError(store.locator, damage.where, damage.problem);
  return reachable;
}
