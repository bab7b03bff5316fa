import type { JobDescription } from '../jobstore/description.js';
import type { JobStore } from '../jobstore/jobstore.js';
import type { Logger } from '../log/logger.js';
import { mapLimit } from '../util/concurrency.js';
import { checkedJobGraph } from './graph-check.js';

/**
 * Repair a job store before a restart (Toil's `jobStore.clean()`): delete jobs no longer reachable from the
 * root (orphans of runs that died before committing), give every reachable job its full retries again, and
 * drop logs of old failures. The whole graph is loaded and checked first (`checkedJobGraph`), so a damaged store
 * fails with DamagedJobStoreError before anything in it is deleted or rewritten: with a wrong root pointer or a
 * missing record, "unreachable" would otherwise mean "every job" or "a live subtree".
 */
export async function cleanForRestart(
  store: JobStore,
  rootId: string,
  defaultTries: number,
  log: Logger,
): Promise<{ reachable: number; deleted: number; repaired: number }> {
  const reachable = await checkedJobGraph(store, rootId);
  const orphans: string[] = [];
  for await (const job of store.jobs()) if (!reachable.has(job.id)) orphans.push(job.id);
  await mapLimit(orphans, 64, (id) => store.delete(id));
  const restartedCheckpoints = await restartStartedCheckpoints(store, reachable, log);
  const stale = [...reachable.values()].filter(
    (d) => restartedCheckpoints.has(d.id) || d.remainingTries !== defaultTries || d.logFileId,
  );
  await mapLimit(stale, 64, async (d) => {
    if (d.logFileId) await store.deleteFile(d.logFileId);
    log.debug(`Repairing job: '${d.displayName}' ${d.id}`);
    await store.update({ ...d, remainingTries: defaultTries, logFileId: undefined });
  });
  if (orphans.length) log.info(`Deleted ${orphans.length} job(s) left behind by interrupted runs.`);
  return { reachable: reachable.size, deleted: orphans.length, repaired: stale.length };
}

/**
 * Toil reruns every checkpoint job that had started when the workflow stopped: its subtree is deleted and it runs
 * again from its saved arguments. Checkpoints inside a subtree deleted this way are skipped. Reachable jobs are
 * visited in breadth-first order, so outer checkpoints come first.
 */
async function restartStartedCheckpoints(
  store: JobStore,
  reachable: Map<string, JobDescription>,
  log: Logger,
): Promise<Set<string>> {
  const restarted = new Set<string>();
  for (const desc of [...reachable.values()]) {
    if (!reachable.has(desc.id) || !desc.checkpoint || !desc.done) continue;
    const stack = [...desc.successors.flat(), ...desc.services.map((s) => s.hostId)];
    while (stack.length) {
      const id = stack.pop()!;
      const below = reachable.get(id);
      if (!below) continue;
      reachable.delete(id);
      stack.push(...below.successors.flat(), ...below.services.map((s) => s.hostId));
      await store.delete(id);
    }
    log.info(`Restarting checkpoint job '${desc.displayName}' ${desc.id}: its subtree is rerun.`);
    reachable.set(desc.id, { ...desc, done: false, args: desc.checkpoint.args, successors: [], services: [] });
    restarted.add(desc.id);
  }
  return restarted;
}
