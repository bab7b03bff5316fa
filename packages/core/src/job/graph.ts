import { encode, type Encoded } from '../codec/codec.js';
import { JobGraphError } from '../errors.js';
import type { PromiseTarget } from '../jobstore/description.js';
import type { ResolvedRequirements } from '../requirements/requirements.js';
import type { JobDef, ServiceDef } from './define.js';
import { Rv } from './promise.js';

/** How a job hangs off its predecessor. */
export type EdgeKind = 'child' | 'followOn';

/** A service added to a job during its run, not yet saved. */
export interface PendingService {
  /** ID of the host job. */
  hostId: string;
  def: ServiceDef;
  args: unknown[];
  requirements: ResolvedRequirements;
  parent?: PendingService;
  /** The job that hosts the service; its successors may use the service's promise. */
  client: PendingJob;
  /** Where the service's start() value goes. */
  promises: PromiseTarget[];
}

/**
 * A job created during a run (or the root job in `Toil.start`), held in memory until the creating job commits.
 * Its ID is final from the start: job stores hand out IDs without I/O, so no renaming is needed.
 */
export class PendingJob {
  readonly children: PendingJob[] = [];
  readonly followOns: PendingJob[] = [];
  readonly parents: { job: PendingJob; kind: EdgeKind }[] = [];
  readonly services: PendingService[] = [];
  /** Targets for this job's return value, filled when consumers are saved. */
  readonly promises: PromiseTarget[] = [];
  /** Promises found in the arguments, in the order the encoder met them. */
  readonly rvs: Rv[] = [];
  /** Encoded arguments; promise markers are filled in at save time. */
  encodedArgs: Encoded;
  /** Encoded promised requirements (`promisedRequirement`), whose promises follow the arguments' in `rvs`. */
  promisedRequirements?: Encoded;

  constructor(
    readonly id: string,
    readonly def: JobDef | undefined,
    readonly displayName: string,
    readonly args: unknown[],
    readonly requirements: ResolvedRequirements,
    readonly checkpoint: boolean,
  ) {
    // Encode now, so a non-encodable argument fails where the job is added, naming the argument.
    this.encodedArgs = encodeArgs(args, displayName, this.rvs);
  }

  /** Record an edge from this job to `successor`. */
  link(successor: PendingJob, kind: EdgeKind): void {
    if (successor === this)
      throw new JobGraphError(
        `Job '${this.displayName}' cannot be its own ${kind === 'child' ? 'child' : 'follow-on'}.`,
      );
    if (successor.parents.some((p) => p.job === this)) {
      throw new JobGraphError(
        `The job '${this.displayName}' is already a predecessor of job '${successor.displayName}'.`,
      );
    }
    (kind === 'child' ? this.children : this.followOns).push(successor);
    successor.parents.push({ job: this, kind });
  }
}

/** Encode arguments, collecting promises; promise markers carry the promisor until files are allocated. */
function encodeArgs(args: unknown[], jobName: string, rvs: Rv[]): Encoded {
  return encode(args, `arguments of '${jobName}'`, {
    encodeSpecial(value) {
      if (!Rv.is(value)) return undefined;
      rvs.push(value);
      return { $t: 'rv', index: rvs.length - 1 };
    },
  }) as Encoded;
}

/** Replace the `{ $t: 'rv', index }` placeholders with promise markers pointing at files. */
export function fillPromiseMarkers(data: Encoded, fileIds: readonly string[]): Encoded {
  if (data === null || typeof data !== 'object') return data;
  if (Array.isArray(data)) return data.map((x) => fillPromiseMarkers(x, fileIds));
  if (data.$t === 'rv') return { $t: 'promise', file: fileIds[data.index as number] };
  // Tagged containers (Map, Set, escaped objects) hold promises in `v`; other tags hold none.
  if (data.$t !== undefined && !['obj', 'map', 'set'].includes(data.$t as string)) return data;
  const out: { [key: string]: Encoded } = {};
  for (const [k, v] of Object.entries(data)) out[k] = fillPromiseMarkers(v, fileIds);
  return out;
}

/** Every job reachable from `roots` through child and follow-on edges, roots included. */
function descendants(roots: readonly PendingJob[]): Set<PendingJob> {
  const seen = new Set<PendingJob>();
  const stack = [...roots];
  while (stack.length) {
    const job = stack.pop()!;
    if (seen.has(job)) continue;
    seen.add(job);
    stack.push(...job.children, ...job.followOns);
  }
  return seen;
}

/**
 * Jobs guaranteed to have run before `job` starts: its predecessors, and for a follow-on of Y, everything under
 * Y's children (Toil's augmented graph: a follow-on waits for its parent's children and all their successors).
 */
export function mustRunBefore(job: PendingJob): Set<PendingJob> {
  const before = new Set<PendingJob>();
  const queue = [job];
  const subtreeMemo = new Map<PendingJob, Set<PendingJob>>();
  while (queue.length) {
    const x = queue.pop()!;
    for (const { job: parent, kind } of x.parents) {
      if (!before.has(parent)) {
        before.add(parent);
        queue.push(parent);
      }
      if (kind !== 'followOn') continue;
      let subtree = subtreeMemo.get(parent);
      if (!subtree) {
        subtree = descendants(parent.children);
        subtreeMemo.set(parent, subtree);
      }
      for (const node of subtree) {
        if (!before.has(node)) {
          before.add(node);
          queue.push(node);
        }
      }
    }
  }
  return before;
}

/**
 * Validate the jobs created by one run before anything is saved: no cycles (in the augmented graph), every
 * promise consumed only by jobs that run after its promisor, and checkpoint jobs are leaves.
 */
export function validateGraph(
  top: PendingJob,
  jobs: readonly PendingJob[],
  hasExtraEdges: boolean,
  serviceClients: ReadonlyMap<string, PendingJob>,
): void {
  if (hasExtraEdges) checkAcyclic(top);
  const byId = new Map(jobs.map((j) => [j.id, j]));
  for (const job of jobs) {
    if (job.checkpoint && (job.children.length || job.followOns.length)) {
      throw new JobGraphError(
        `Checkpoint job '${job.displayName}' must be a leaf when it is added; let it create its successors when it runs.`,
      );
    }
    if (!job.rvs.length) continue;
    const before = mustRunBefore(job);
    for (const rv of job.rvs) {
      // A service's value exists once its client's successors may start.
      const promisor = byId.get(rv.promisorTempId) ?? serviceClients.get(rv.promisorTempId);
      if (!promisor || !before.has(promisor)) {
        throw new JobGraphError(
          `Job '${rv.promisorName}' cannot promise its return value to '${job.displayName}', which may run before it. ` +
            `Pass rv() only to successors of the promising job: its children or follow-ons, or follow-ons of its parent.`,
        );
      }
    }
  }
}

/** Depth-first cycle check over the augmented graph, iterative so deep graphs cannot overflow the stack. */
function checkAcyclic(top: PendingJob): void {
  const all = descendants([top]);
  // Augmented successors: direct edges, plus from every node under a child of Y to each follow-on of Y.
  const extra = new Map<PendingJob, PendingJob[]>();
  for (const y of all) {
    if (!y.followOns.length) continue;
    for (const node of descendants(y.children)) {
      const list = extra.get(node) ?? [];
      list.push(...y.followOns);
      extra.set(node, list);
    }
  }
  const state = new Map<PendingJob, 1 | 2>(); // 1 = on the current path, 2 = finished
  for (const start of all) {
    if (state.has(start)) continue;
    const stack: { node: PendingJob; next: PendingJob[] }[] = [];
    const push = (node: PendingJob) => {
      state.set(node, 1);
      stack.push({ node, next: [...node.children, ...node.followOns, ...(extra.get(node) ?? [])] });
    };
    push(start);
    while (stack.length) {
      const frame = stack[stack.length - 1];
      const succ = frame.next.pop();
      if (!succ) {
        state.set(frame.node, 2);
        stack.pop();
        continue;
      }
      const s = state.get(succ);
      if (s === 1)
        throw new JobGraphError(
          `The job graph has a cycle through '${frame.node.displayName}' and '${succ.displayName}'. Jobs must form a DAG.`,
        );
      if (s === undefined) push(succ);
    }
  }
}
