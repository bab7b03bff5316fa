import type { NodeShape } from './shapes.js';

/**
 * From the bin packer's estimate to the number of nodes to have, per node type (Toil's ClusterScaler policy):
 * 1. smoothing: an exponentially weighted moving average with weight `--betaInertia` on the previous value, started
 *    at the node count found on the first check, so one burst of queued jobs does not start a fleet;
 * 2. compensation: a non-preemptible node type is raised by `--preemptableCompensation` times the nodes its
 *    preemptible twin (same instance types, with a bid) asked for and could not get;
 * 3. bounds: clamped to its `--minNodes`/`--maxNodes`.
 */

/** What the policy is given each check. */
export interface PolicySettings {
  betaInertia: number;
  preemptibleCompensation: number;
  /** Per node type, in `--nodeTypes` order. */
  min: readonly number[];
  max: readonly number[];
}

/** The policy's state across checks: smoothed estimates and spot shortfalls, per node type. */
export class ScalingPolicy {
  private readonly smoothed: (number | undefined)[];
  /** Nodes a preemptible node type asked for and did not get on its last scale-up. */
  private readonly shortfall: number[];

  constructor(
    private readonly shapes: readonly NodeShape[],
    private readonly settings: PolicySettings,
  ) {
    this.smoothed = shapes.map(() => undefined);
    this.shortfall = shapes.map(() => 0);
  }

  /** Target node counts from the packer's estimates and the current counts, both in node-type order. */
  targets(estimates: readonly number[], current: readonly number[]): number[] {
    const beta = this.settings.betaInertia;
    const smoothed = estimates.map((estimate, i) => {
      const previous = this.smoothed[i] ?? current[i];
      const value = beta * previous + (1 - beta) * estimate;
      this.smoothed[i] = value;
      return Math.round(value);
    });
    return smoothed.map((count, i) => {
      const wanted = this.shapes[i].preemptible ? count : count + this.compensationFor(i);
      return Math.min(this.settings.max[i], Math.max(this.settings.min[i], wanted));
    });
  }

  /** Record what a scale-up of a node type got: a preemptible type's shortfall is what compensation replaces. */
  started(index: number, asked: number, got: number): void {
    if (this.shapes[index].preemptible) this.shortfall[index] = Math.max(0, asked - got);
  }

  /** A preemptible type reached its target (or needs no more): nothing to compensate for. */
  satisfied(index: number): void {
    this.shortfall[index] = 0;
  }

  /** Nodes to add to non-preemptible type `i` for the shortfall of its preemptible twins. */
  private compensationFor(i: number): number {
    const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((t) => b.includes(t));
    const missing = this.shapes
      .map((shape, j) =>
        shape.preemptible && same(shape.nodeType.instanceTypes, this.shapes[i].nodeType.instanceTypes)
          ? this.shortfall[j]
          : 0,
      )
      .reduce((a, b) => a + b, 0);
    return Math.round(missing * this.settings.preemptibleCompensation);
  }
}
