import type { AcceleratorRequest, ResolvedRequirements } from '../requirements/requirements.js';
import { formatBytes } from '../requirements/bytes.js';
import type { NodeTypeSpec } from './node-types.js';

/**
 * The two sides of Toil's autoscaling model: what a queued job needs (a job shape) and what one node of a node
 * type offers (a node shape). Both carry cores, memory, disk and accelerators; a job also has its expected run
 * time, and the preemptible flags decide where it may go.
 */

/** Resources, as a job asks for them or a node offers them. */
export interface Resources {
  cores: number;
  /** Bytes. */
  memory: number;
  /** Bytes. */
  disk: number;
  accelerators: AcceleratorRequest[];
}

/** A queued (issued) job as the bin packer sees it. */
export interface JobShape extends Resources {
  /** The job's display name, for messages. */
  name: string;
  /** The job may run on a preemptible node. */
  preemptible: boolean;
  /** Expected run time in seconds; Infinity for a service, which holds its resources for the whole run. */
  seconds: number;
}

/** One node of a node type. */
export interface NodeShape extends Resources {
  /** The node type as `--nodeTypes` gives it. */
  nodeType: NodeTypeSpec;
  /** Position of the node type in `--nodeTypes` (the index of its `--minNodes/--maxNodes` entries). */
  index: number;
  preemptible: boolean;
}

/** A job's shape from its resolved requirements. */
export function jobShape(name: string, req: ResolvedRequirements, seconds: number): JobShape {
  return {
    name,
    cores: req.cores,
    memory: req.memory,
    disk: req.disk,
    accelerators: req.accelerators,
    preemptible: req.preemptible,
    seconds,
  };
}

/** How many accelerators of `want`'s kind (and model, when it names one) `have` holds. */
function acceleratorsOf(have: readonly AcceleratorRequest[], want: AcceleratorRequest): number {
  return have
    .filter((a) => a.kind === want.kind && (want.model === undefined || a.model === want.model))
    .reduce((sum, a) => sum + a.count, 0);
}

/** Whether `need` fits in `free` (resources only; preemptibility is the packer's). */
export function fitsIn(need: Resources, free: Resources): boolean {
  return (
    need.cores <= free.cores &&
    need.memory <= free.memory &&
    need.disk <= free.disk &&
    need.accelerators.every((a) => acceleratorsOf(free.accelerators, a) >= a.count)
  );
}

/** `free` less `need` (which must fit). */
export function subtract(free: Resources, need: Resources): Resources {
  const accelerators = free.accelerators.map((a) => ({ ...a }));
  for (const want of need.accelerators) {
    let left = want.count;
    for (const have of accelerators) {
      if (left === 0) break;
      if (have.kind !== want.kind || (want.model !== undefined && have.model !== want.model)) continue;
      const taken = Math.min(left, have.count);
      have.count -= taken;
      left -= taken;
    }
  }
  return {
    cores: free.cores - need.cores,
    memory: free.memory - need.memory,
    disk: free.disk - need.disk,
    accelerators: accelerators.filter((a) => a.count > 0),
  };
}

/** Whether a job may run on nodes of this shape at all: it fits an empty node, and a spot node only if it may. */
export function canHost(node: NodeShape, job: JobShape): boolean {
  return (job.preemptible || !node.preemptible) && fitsIn(job, node);
}

/** `4 cores, 16 GiB memory, 50 GiB disk, 1 gpu`, for messages. */
export function describeResources(r: Resources): string {
  const parts = [`${r.cores} cores`, `${formatBytes(r.memory)} memory`, `${formatBytes(r.disk)} disk`];
  for (const a of r.accelerators) parts.push(`${a.count} ${a.kind}${a.model ? ` (${a.model})` : ''}`);
  return parts.join(', ');
}
