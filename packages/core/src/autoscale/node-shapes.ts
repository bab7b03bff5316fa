import { NoNodeTypeFitsError } from '../errors.js';
import type { Provisioner } from '../plugins/plugin.js';
import type { WorkflowConfig } from '../options/config.js';
import { nodeStorageGB, type NodeTypeSpec } from './node-types.js';
import { canHost, describeResources, type JobShape, type NodeShape } from './shapes.js';

/** One gibibyte: `--nodeStorage` is in GB as Toil's is, taken as GiB like the clouds' volume sizes. */
const GIB = 2 ** 30;

/**
 * The shape of each node type, asked of the provisioner. A node type of several interchangeable instance types
 * (`c5.4xlarge/c5a.4xlarge`) offers the least of each resource among them, since any of them may be started;
 * its disk is the root volume `--nodeStorage`/`--nodeStorageOverrides` gives the smallest of them.
 */
export async function nodeShapes(
  provisioner: Provisioner,
  nodeTypes: readonly NodeTypeSpec[],
  config: Pick<WorkflowConfig, 'nodeStorage' | 'nodeStorageOverrides'>,
): Promise<NodeShape[]> {
  const storage = { nodeStorage: config.nodeStorage ?? 50, nodeStorageOverrides: config.nodeStorageOverrides ?? {} };
  return Promise.all(
    nodeTypes.map(async (nodeType, index) => {
      const preemptible = nodeType.bid !== undefined;
      const each = await Promise.all(nodeType.instanceTypes.map((t) => provisioner.getNodeShape(t, preemptible)));
      const first = each[0].accelerators ?? [];
      return {
        nodeType,
        index,
        preemptible,
        cores: Math.min(...each.map((s) => s.cores)),
        memory: Math.min(...each.map((s) => s.memory)),
        disk: Math.min(...nodeType.instanceTypes.map((t) => nodeStorageGB(storage, t))) * GIB,
        // Accelerators count only when every instance type of the node type has them.
        accelerators: each.every((s) => JSON.stringify(s.accelerators ?? []) === JSON.stringify(first)) ? first : [],
      };
    }),
  );
}

/** The largest node shape (by memory, then cores, then disk), for messages. */
function largest(shapes: readonly NodeShape[]): NodeShape {
  return [...shapes].sort((a, b) => b.memory - a.memory || b.cores - a.cores || b.disk - a.disk)[0];
}

/**
 * Throws NoNodeTypeFitsError, naming the job, its needs and the largest node type, when no node type can host the
 * job; Toil's caveat (a run that hangs waiting for a node nobody will start) becomes an error at issue time.
 */
export function checkJobFits(shapes: readonly NodeShape[], job: JobShape): void {
  if (shapes.some((shape) => canHost(shape, job))) return;
  const big = largest(shapes);
  const needs = `${describeResources(job)}${job.preemptible ? '' : ' on a non-preemptible node'}`;
  const spotOnly = !job.preemptible && shapes.every((s) => s.preemptible) ? ' (every node type is preemptible)' : '';
  throw new NoNodeTypeFitsError(job.name, needs, `'${big.nodeType.name}' with ${describeResources(big)}${spotOnly}`);
}
