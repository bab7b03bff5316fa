import { describe, expect, it } from 'vitest';
import { GraphBuilder } from './builder.js';
import { defineJob } from './define.js';
import { PendingJob, validateGraph } from './graph.js';
import { pendingJobOf, type JobHandle } from './handle.js';
import { JobGraphError } from '../errors.js';

const defaults = {
  defaultCores: 1,
  defaultMemory: 1024,
  defaultDisk: 1024,
  defaultAccelerators: [],
  defaultPreemptible: false,
};
const leaf = defineJob('graph-test.leaf', async (_ctx, x: number) => x);
const consume = defineJob('graph-test.consume', async (_ctx, xs: number[]) => xs.length);
const checkpointed = defineJob('graph-test.checkpoint', { checkpoint: true }, async () => 1);

function setup() {
  let n = 0;
  const top = new PendingJob(
    'top',
    leaf,
    'top',
    [],
    { cores: 1, memory: 1, disk: 1, accelerators: [], preemptible: false },
    false,
  );
  const builder = new GraphBuilder(top, () => `job${++n}`, defaults);
  const root = builder.handle<number>(top);
  const validate = () => validateGraph(top, builder.jobs, builder.hasExtraEdges, new Map());
  return { builder, root, validate };
}

describe('job graph validation', () => {
  it('accepts the fan-out pattern: children promise to a follow-on of their parent', () => {
    const { root, validate } = setup();
    const parts = Array.from({ length: 50 }, (_, i) => root.addChild(leaf, i).rv());
    root.addFollowOn(consume, parts);
    expect(validate).not.toThrow();
  });

  it('accepts promises to children and to deeper successors', () => {
    const { root, validate } = setup();
    const a = root.addChild(leaf, 1);
    const b = a.addChild(leaf, a.rv());
    b.addFollowOn(leaf, a.rv());
    expect(validate).not.toThrow();
  });

  it('rejects a promise to a sibling that may run first', () => {
    const { root, validate } = setup();
    const a = root.addChild(leaf, 1);
    root.addChild(leaf, a.rv());
    expect(validate).toThrow(JobGraphError);
    expect(validate).toThrow(/cannot promise its return value to 'graph-test.leaf', which may run before it/);
  });

  it('rejects cycles made with extra edges, and allows diamonds', () => {
    const diamond = setup();
    const a = diamond.root.addChild(leaf, 1);
    const b = diamond.root.addChild(leaf, 2);
    const c = a.addChild(leaf, 3);
    b.addChild(c as JobHandle<number>);
    expect(diamond.validate).not.toThrow();

    const cyclic = setup();
    const x = cyclic.root.addChild(leaf, 1);
    const y = x.addChild(leaf, 2);
    y.addChild(x as JobHandle<number>);
    expect(cyclic.validate).toThrow(/cycle/);
  });

  it("rejects a cycle through the augmented graph (a follow-on that is also a child of its parent's child)", () => {
    const { root, validate } = setup();
    const a = root.addChild(leaf, 1);
    const f = root.addFollowOn(leaf, 2);
    f.addChild(a as JobHandle<number>);
    expect(validate).toThrow(/cycle/);
  });

  it('rejects duplicate edges and self edges at once', () => {
    const { root } = setup();
    const a = root.addChild(leaf, 1);
    expect(() => root.addChild(a as JobHandle<number>)).toThrow(/already a predecessor/);
    expect(() => a.addChild(a as JobHandle<number>)).toThrow(/its own child/);
  });

  it('requires checkpoint jobs to be leaves when added', () => {
    const { root, validate } = setup();
    const cp = root.addChild(checkpointed);
    cp.addChild(leaf, 1);
    expect(validate).toThrow(/Checkpoint job 'graph-test.checkpoint' must be a leaf/);
  });

  it('fails at addChild for a non-encodable argument, naming it', () => {
    const { root } = setup();
    expect(() => root.addChild(leaf, (() => 1) as unknown as number)).toThrow(
      /arguments of 'graph-test.leaf'\[0\].*function/,
    );
  });

  it('encapsulation: successors of the encapsulated handle run after all its descendants', () => {
    const { root, builder, validate } = setup();
    const a = root.addChild(leaf, 1);
    const deep = a.addChild(leaf, 2);
    const e = a.encapsulate();
    const after = e.addChild(consume, [deep.rv()]);
    expect(validate).not.toThrow();
    expect(pendingJobOf(after).parents[0].job.def?.name).toBe('toil.encapsulated');
    expect(e.rv().promisorTempId).toBe(a.id);
    expect(builder.jobs.length).toBe(4);
  });
});
