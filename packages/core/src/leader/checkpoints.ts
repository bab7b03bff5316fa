import type { JobDescription } from '../jobstore/description.js';
import type { JobNode } from './job-node.js';
import type { Leader } from './leader.js';

/**
 * A job failed for good: find the nearest checkpoint job above it that has tries left, delete everything below
 * that checkpoint, and run it again (Toil's restartCheckpoint). Without such a checkpoint nothing happens and
 * the failure stands.
 */
export async function restartCheckpointAbove(leader: Leader, failed: JobNode): Promise<void> {
  const checkpoint = findCheckpoint(leader, failed);
  if (!checkpoint) return;
  const { store, log } = leader.options;
  log.warn(
    `Job '${failed.desc.displayName}' failed below checkpoint '${checkpoint.desc.displayName}' ${checkpoint.id}; rerunning the checkpoint.`,
  );
  // Stop whatever still runs below the checkpoint before deleting it, so no worker commits into the gap.
  const removed = await collectSubtree(leader, checkpoint.desc);
  await leader.killJobs(new Set(removed));
  for (const id of removed) await store.delete(id);
  for (const id of removed) {
    leader.clearFailure(id);
    leader.nodes.delete(id);
  }
  const rerun: JobDescription = {
    ...checkpoint.desc,
    done: false,
    args: checkpoint.desc.checkpoint!.args,
    successors: [],
    services: [],
    remainingTries: checkpoint.desc.remainingTries - 1,
  };
  await store.update(rerun);
  checkpoint.desc = rerun;
  checkpoint.batchIndex = 0;
  checkpoint.outstanding = 0;
  checkpoint.state = 'waiting';
  await leader.issue(checkpoint);
}

function findCheckpoint(leader: Leader, from: JobNode): JobNode | undefined {
  const seen = new Set<string>();
  const queue = [...from.waiters];
  while (queue.length) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const node = leader.nodes.get(id);
    if (!node) continue;
    if (node.desc.checkpoint && node.desc.remainingTries > 1) return node;
    queue.push(...node.waiters);
  }
  return undefined;
}

/** Every job below `root` (not root itself) that still exists, found iteratively. */
async function collectSubtree(leader: Leader, root: JobDescription): Promise<string[]> {
  const store = leader.options.store;
  const found: string[] = [];
  const stack = [...root.successors.flat(), ...root.services.map((s) => s.hostId)];
  const seen = new Set<string>();
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const desc = await store.tryLoad(id);
    if (!desc) continue;
    stack.push(...desc.successors.flat(), ...desc.services.map((s) => s.hostId));
    found.push(id);
  }
  return found;
}
