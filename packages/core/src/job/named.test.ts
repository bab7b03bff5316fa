import { describe, expect, it } from 'vitest';
import { GraphBuilder } from './builder.js';
import { defineJob } from './define.js';
import { PendingJob } from './graph.js';

const step = defineJob('named-test.step', { cores: 2 }, async (_ctx, x: number) => x);
const resources = { cores: 1, memory: 1, disk: 1, accelerators: [], preemptible: false };
const defaults = {
  defaultCores: 1,
  defaultMemory: 1024,
  defaultDisk: 1024,
  defaultAccelerators: [],
  defaultPreemptible: false,
};

describe('JobDef.named: a display name per call', () => {
  it('shows the given name and keeps the registered name, function and requirements', () => {
    const top = new PendingJob('top', step, 'top', [], resources, false);
    const builder = new GraphBuilder(top, () => 'job1', defaults);
    builder.handle<number>(top).addChild(step.named('align').withRequirements({ memory: '2K' }), 1);
    const [child] = builder.jobs;
    expect(child.displayName).toBe('align');
    expect(child.def?.name).toBe('named-test.step');
    expect(child.requirements).toMatchObject({ cores: 2, memory: 2048 });
  });

  it('shows the registered name when none is given', () => {
    const top = new PendingJob('top', step, 'top', [], resources, false);
    const builder = new GraphBuilder(top, () => 'job1', defaults);
    builder.handle<number>(top).addChild(step, 1);
    expect(builder.jobs[0].displayName).toBe('named-test.step');
    expect(step.displayName).toBeUndefined();
  });
});
