import { canHost, fitsIn, subtract, type JobShape, type NodeShape, type Resources } from './shapes.js';

/**
 * How many nodes of each node type the queued jobs need (Toil's bin-packing estimate). Each node offers its
 * resources along a time line; a job takes its resources for its expected run time and must *start* within
 * `targetTime` seconds, so a node runs jobs one after another as long as the last one starts in time. Jobs go
 * biggest first (first-fit decreasing) onto the first node type that can host them, in the order preemptible
 * types first and then by size: small cheap nodes fill before large ones, and jobs that may use spot nodes use them.
 * Hand-written: no maintained library packs multi-resource jobs over time with these placement rules.
 */

/** A stretch of a node's time line with what is free during it. */
interface Segment {
  start: number;
  /** Exclusive; Infinity for the open end of the time line. */
  end: number;
  free: Resources;
}

/** One node being filled: its time line, from 0 to Infinity, in order and without gaps. */
type Timeline = Segment[];

/** What the packer found. */
export interface PackResult {
  /** Nodes needed per node shape, indexed like the shapes given. */
  counts: number[];
  /** Jobs no node shape can host (too big, or not preemptible when only spot types exist). */
  unfit: JobShape[];
}

/** Place `job` on the node if it can start before `targetTime`; returns whether it was placed. */
function place(timeline: Timeline, job: JobShape, targetTime: number): boolean {
  for (let i = 0; i < timeline.length && timeline[i].start < targetTime; i++) {
    const start = timeline[i].start;
    const end = start + job.seconds;
    let j = i;
    while (j < timeline.length && timeline[j].start < end && fitsIn(job, timeline[j].free)) j++;
    // Placed only when every segment the job overlaps has room.
    if (j < timeline.length && timeline[j].start < end) continue;
    splitAt(timeline, end);
    for (let k = i; k < timeline.length && timeline[k].start < end; k++)
      timeline[k].free = subtract(timeline[k].free, job);
    return true;
  }
  return false;
}

/** Split the segment holding `time` so that a segment starts exactly there. */
function splitAt(timeline: Timeline, time: number): void {
  if (!Number.isFinite(time)) return;
  const i = timeline.findIndex((s) => s.start < time && time < s.end);
  if (i < 0) return;
  const segment = timeline[i];
  timeline.splice(i, 1, { ...segment, end: time }, { start: time, end: segment.end, free: segment.free });
}

/** Biggest first: memory, then cores, disk, accelerators, then the longest. */
function biggestFirst(a: JobShape, b: JobShape): number {
  const count = (j: JobShape) => j.accelerators.reduce((n, x) => n + x.count, 0);
  return b.memory - a.memory || b.cores - a.cores || b.disk - a.disk || count(b) - count(a) || b.seconds - a.seconds;
}

/** Preemptible node types first, then smallest first (memory, cores, disk): the order jobs try them in. */
function tryOrder(shapes: readonly NodeShape[]): number[] {
  return shapes
    .map((_, i) => i)
    .sort((x, y) => {
      const a = shapes[x];
      const b = shapes[y];
      return (
        Number(b.preemptible) - Number(a.preemptible) ||
        a.memory - b.memory ||
        a.cores - b.cores ||
        a.disk - b.disk ||
        x - y
      );
    });
}

/** Pack the jobs onto nodes of the given shapes; see the module comment for the model. */
export function binPack(jobs: readonly JobShape[], shapes: readonly NodeShape[], targetTime: number): PackResult {
  const order = tryOrder(shapes);
  const nodes: Timeline[][] = shapes.map(() => []);
  const unfit: JobShape[] = [];
  for (const job of [...jobs].sort(biggestFirst)) {
    const chosen = order.find((i) => canHost(shapes[i], job));
    if (chosen === undefined) {
      unfit.push(job);
      continue;
    }
    const shape = shapes[chosen];
    if (nodes[chosen].some((timeline) => place(timeline, job, targetTime))) continue;
    const timeline: Timeline = [{ start: 0, end: Infinity, free: shape }];
    place(timeline, job, targetTime);
    nodes[chosen].push(timeline);
  }
  return { counts: nodes.map((n) => n.length), unfit };
}
