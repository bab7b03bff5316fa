import type { BatchSystem } from '../batch/batch-system.js';
import type { ProvisionedNode } from '../plugins/plugin.js';

/** Which nodes of one node type go now and which drain first. */
export interface ShrinkPlan {
  /** Idle nodes to terminate now. */
  terminate: ProvisionedNode[];
  /** Busy nodes told to take no new jobs (`ignoreNode`), to go once idle. */
  draining: ProvisionedNode[];
  /** How many of them were told so on this call. */
  newlyDraining: number;
}

/**
 * Pick up to `excess` nodes of one node type to remove without ever terminating one that runs a job. Idle nodes go,
 * those already draining first (Toil's ignored nodes). When the batch system can drain (`ignoreNode`), the chosen
 * nodes are drained before the busy list is read again, so a job that started on one in between keeps its node; and
 * if idle nodes are too few, busy ones are drained to go on a later check. `ignored` is updated in place.
 */
export async function shrink(
  batch: BatchSystem,
  nodes: readonly ProvisionedNode[],
  excess: number,
  busy: ReadonlySet<string>,
  ignored: Set<string>,
): Promise<ShrinkPlan> {
  const drainingFirst = [...nodes].sort((a, b) => Number(ignored.has(b.name)) - Number(ignored.has(a.name)));
  let terminate = drainingFirst.filter((n) => !busy.has(n.name)).slice(0, excess);
  if (batch.ignoreNode && batch.getBusyNodes) {
    for (const node of terminate) {
      if (ignored.has(node.name)) continue;
      await batch.ignoreNode(node.name);
      ignored.add(node.name);
    }
    const busyNow = await batch.getBusyNodes();
    terminate = terminate.filter((n) => !busyNow.has(n.name));
  }
  const draining: ProvisionedNode[] = [];
  let newlyDraining = 0;
  if (batch.ignoreNode) {
    const more = excess - terminate.length;
    for (const node of drainingFirst.filter((n) => busy.has(n.name) && !terminate.includes(n)).slice(0, more)) {
      if (!ignored.has(node.name)) {
        await batch.ignoreNode(node.name);
        ignored.add(node.name);
        newlyDraining++;
      }
      draining.push(node);
    }
  }
  return { terminate, draining, newlyDraining };
}
