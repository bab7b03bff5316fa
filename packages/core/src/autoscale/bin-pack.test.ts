import { describe, expect, it } from 'vitest';
import { binPack } from './bin-pack.js';
import { parseNodeTypes } from './node-types.js';
import type { JobShape, NodeShape } from './shapes.js';

const GiB = 2 ** 30;

/** A node shape of `cores` cores and `mem` GiB, preemptible when the node type has a bid. */
function node(spec: string, index: number, cores: number, mem: number, gpus = 0): NodeShape {
  const [nodeType] = parseNodeTypes(spec);
  return {
    nodeType,
    index,
    preemptible: nodeType.bid !== undefined,
    cores,
    memory: mem * GiB,
    disk: 50 * GiB,
    accelerators: gpus ? [{ kind: 'gpu', count: gpus }] : [],
  };
}

function jobs(n: number, cores: number, mem: number, seconds: number, extra: Partial<JobShape> = {}): JobShape[] {
  return Array.from({ length: n }, (_, i) => ({
    name: `job${i}`,
    cores,
    memory: mem * GiB,
    disk: GiB,
    accelerators: [],
    preemptible: false,
    seconds,
    ...extra,
  }));
}

describe('binPack', () => {
  it('runs jobs one after another on a node while they can start within targetTime', () => {
    const small = node('t2.large', 0, 2, 8);
    // 2 cores x (10 s target / 5 s jobs, starting at 0 and 5) = 4 jobs per node.
    expect(binPack(jobs(4, 1, 1, 5), [small], 10).counts).toEqual([1]);
    expect(binPack(jobs(5, 1, 1, 5), [small], 10).counts).toEqual([2]);
    // A job starting at exactly targetTime is too late: 10 s jobs with a 10 s target get one slot per core.
    expect(binPack(jobs(8, 1, 1, 10), [small], 10).counts).toEqual([4]);
    // Long jobs still start at 0 and run past the target: one per core.
    expect(binPack(jobs(6, 1, 1, 1000), [small], 10).counts).toEqual([3]);
  });

  it('packs by every resource: memory limits a node as cores do', () => {
    const small = node('t2.large', 0, 8, 8);
    expect(binPack(jobs(4, 1, 3, 100), [small], 10).counts).toEqual([2]);
  });

  it('puts a job on the smallest node type that holds it, so the big type is used only when needed', () => {
    const shapes = [node('r3.xlarge', 0, 4, 30), node('c3.large', 1, 2, 3.75)];
    const mixed = [...jobs(4, 1, 1, 100), ...jobs(1, 2, 20, 100)];
    expect(binPack(mixed, shapes, 10).counts).toEqual([1, 2]);
  });

  it('sends preemptible jobs to spot node types first and keeps the others off them', () => {
    const shapes = [node('c5.large', 0, 2, 4), node('c5.large:0.05', 1, 2, 4)];
    const spot = jobs(4, 1, 1, 100, { preemptible: true });
    const onDemand = jobs(2, 1, 1, 100);
    expect(binPack([...spot, ...onDemand], shapes, 10).counts).toEqual([1, 2]);
  });

  it('reports jobs no node type can host instead of counting nodes for them', () => {
    const shapes = [node('t2.large:0.1', 0, 2, 8)];
    const tooBig = jobs(1, 4, 1, 10);
    const notPreemptible = jobs(1, 1, 1, 10);
    const result = binPack([...tooBig, ...notPreemptible], shapes, 10);
    expect(result.counts).toEqual([0]);
    expect(result.unfit).toHaveLength(2);
  });

  it('counts accelerators: a GPU job needs a node type with GPUs', () => {
    const shapes = [node('c5.large', 0, 8, 32), node('p3.2xlarge', 1, 8, 61, 1)];
    const gpu = jobs(2, 1, 1, 100, { accelerators: [{ kind: 'gpu', count: 1 }] });
    expect(binPack([...gpu, ...jobs(2, 1, 1, 100)], shapes, 10).counts).toEqual([1, 2]);
  });

  it('gives a service its resources for good', () => {
    const small = node('t2.large', 0, 2, 8);
    const service = jobs(1, 1, 1, Infinity);
    expect(binPack([...service, ...jobs(3, 1, 1, 5)], [small], 10).counts).toEqual([2]);
  });

  it('packs 1000 queued jobs onto 20 node types quickly enough for a check', () => {
    const shapes = Array.from({ length: 20 }, (_, i) => node(`m5.x${i}`, i, 2 + i, 4 + 2 * i));
    const many = Array.from({ length: 1000 }, (_, i) => jobs(1, 1 + (i % 7), 1 + (i % 13), 1 + (i % 50))[0]);
    const result = binPack(many, shapes, 1800);
    expect(result.unfit).toEqual([]);
    expect(result.counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });
});
