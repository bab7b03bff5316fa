import { describe, expect, it } from 'vitest';
import { parseNodeTypes } from './node-types.js';
import { ScalingPolicy, type PolicySettings } from './policy.js';
import type { NodeShape } from './shapes.js';

function shapes(spec: string): NodeShape[] {
  return parseNodeTypes(spec).map((nodeType, index) => ({
    nodeType,
    index,
    preemptible: nodeType.bid !== undefined,
    cores: 2,
    memory: 2 ** 33,
    disk: 2 ** 35,
    accelerators: [],
  }));
}

const settings = (over: Partial<PolicySettings>): PolicySettings => ({
  betaInertia: 0,
  preemptibleCompensation: 0,
  min: [0, 0],
  max: [10, 10],
  ...over,
});

describe('ScalingPolicy', () => {
  it('smooths the estimate from the current count with weight betaInertia on the past', () => {
    const policy = new ScalingPolicy(shapes('t2.large'), settings({ betaInertia: 0.5, min: [0], max: [100] }));
    // 0.5 * 0 (current) + 0.5 * 10 = 5, then 0.5 * 5 + 0.5 * 10 = 7.5 -> 8, then 8.75 -> 9.
    expect(policy.targets([10], [0])).toEqual([5]);
    expect(policy.targets([10], [5])).toEqual([8]);
    expect(policy.targets([10], [8])).toEqual([9]);
  });

  it('follows the estimate at once with betaInertia 0, within minNodes and maxNodes', () => {
    const policy = new ScalingPolicy(shapes('c3.large,r3.xlarge'), settings({ min: [1, 0], max: [5, 1] }));
    expect(policy.targets([8, 3], [0, 0])).toEqual([5, 1]);
    expect(policy.targets([0, 0], [5, 1])).toEqual([1, 0]);
  });

  it('replaces spot nodes that could not be started with on-demand ones, by preemptableCompensation', () => {
    const policy = new ScalingPolicy(shapes('c5.large:0.05,c5.large'), settings({ preemptibleCompensation: 0.5 }));
    expect(policy.targets([4, 0], [0, 0])).toEqual([4, 0]);
    // Asked for 4 spot nodes, got 0: half of the 4 missing come on demand.
    policy.started(0, 4, 0);
    expect(policy.targets([4, 0], [0, 0])).toEqual([4, 2]);
    policy.satisfied(0);
    expect(policy.targets([4, 0], [4, 2])).toEqual([4, 0]);
  });
});
