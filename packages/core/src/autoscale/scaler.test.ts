import { describe, expect, it } from 'vitest';
import type { BatchSystem } from '../batch/batch-system.js';
import { NoNodeTypeFitsError } from '../errors.js';
import { createLogger } from '../log/logger.js';
import { parseOptions } from '../options/parse.js';
import type { InstanceShape, ProvisionedNode, Provisioner } from '../plugins/plugin.js';
import { ClusterScaler, type IssuedJob } from './scaler.js';

const GiB = 2 ** 30;
const SHAPES: Record<string, InstanceShape> = {
  'c3.large': { cores: 2, memory: 3.75 * GiB },
  'r3.xlarge': { cores: 4, memory: 30 * GiB },
};

/** A provisioner without a cloud: nodes are records, and every call is logged. */
class FakeProvisioner implements Provisioner {
  readonly nodes: ProvisionedNode[] = [];
  readonly calls: string[] = [];
  private next = 0;
  /** Spot nodes cannot be had (a bid below the market). */
  noSpot = false;

  addNodes(nodeType: string, count: number, preemptible: boolean): Promise<number> {
    this.calls.push(`add ${nodeType} ${count}`);
    const got = preemptible && this.noSpot ? 0 : count;
    for (let i = 0; i < got; i++)
      this.nodes.push({ id: `i-${this.next}`, name: `node${this.next++}`, nodeType, preemptible });
    return Promise.resolve(got);
  }
  terminateNodes(ids: readonly string[]): Promise<void> {
    this.calls.push(`terminate ${ids.join(' ')}`);
    for (const id of ids)
      this.nodes.splice(
        this.nodes.findIndex((n) => n.id === id),
        1,
      );
    return Promise.resolve();
  }
  getNodes(): Promise<ProvisionedNode[]> {
    return Promise.resolve([...this.nodes]);
  }
  getNodeShape(instanceType: string): Promise<InstanceShape> {
    return Promise.resolve(SHAPES[instanceType]);
  }
}

/** The batch-system side the scaler uses: which nodes run jobs, and draining. */
function batchWithNodes(busy: Set<string>, drained: string[]): BatchSystem {
  return {
    getBusyNodes: () => Promise.resolve(new Set(busy)),
    ignoreNode: (name: string) => Promise.resolve(void drained.push(name)),
    unignoreNode: (name: string) => Promise.resolve(void drained.splice(drained.indexOf(name), 1)),
  } as unknown as BatchSystem;
}

function job(cores: number, memoryGiB: number, name = 'work'): IssuedJob {
  return {
    name,
    displayName: name,
    requirements: { cores, memory: memoryGiB * GiB, disk: GiB, accelerators: [], preemptible: false },
    service: false,
  };
}

async function scaler(options: Record<string, unknown>, provisioner: Provisioner, batch: BatchSystem) {
  const config = parseOptions(
    { provisioner: 'fake', betaInertia: 0, targetTime: 10, ...options },
    { jobStore: '/tmp/js-scaler-test', env: {} },
  );
  return ClusterScaler.create({ provisioner, batch, config, log: createLogger('OFF') });
}

describe('ClusterScaler', () => {
  it('scales up for issued jobs, within maxNodes, and back down to minNodes when idle', async () => {
    const provisioner = new FakeProvisioner();
    const s = await scaler(
      { nodeTypes: 'c3.large', minNodes: '1', maxNodes: '3' },
      provisioner,
      batchWithNodes(new Set(), []),
    );
    const queue: IssuedJob[] = Array.from({ length: 10 }, () => job(1, 1));
    s.start({ issuedJobs: () => queue });
    await s.stop();
    // The first check: ten one-core jobs of 1 s (the first guess) that must start within 10 s fit one two-core
    // node (20 slots); stop()'s last pass keeps it, as minNodes is 1.
    expect(provisioner.calls).toEqual(['add c3.large 1']);
    // Learnt: these jobs take 30 s, longer than the target, so each needs a core of its own.
    s.runtimes.record('work', 30);
    const check = await s.check(false);
    expect(check.nodeTypes[0]).toMatchObject({ current: 1, estimate: 5, desired: 3, added: 2 });
    expect(provisioner.nodes).toHaveLength(3);
    queue.length = 0;
    const down = await s.check(false);
    expect(down.nodeTypes[0]).toMatchObject({ current: 3, estimate: 0, desired: 1, removed: ['node0', 'node1'] });
    expect(provisioner.nodes.map((n) => n.name)).toEqual(['node2']);
  });

  it('never terminates a node that runs a job: it drains it and removes it once idle', async () => {
    const provisioner = new FakeProvisioner();
    const busy = new Set<string>();
    const drained: string[] = [];
    const s = await scaler({ nodeTypes: 'c3.large', maxNodes: '3' }, provisioner, batchWithNodes(busy, drained));
    s.runtimes.record('work', 30);
    const queue = Array.from({ length: 6 }, () => job(1, 1));
    s.start({ issuedJobs: () => queue });
    await s.stop();
    expect(provisioner.calls[0]).toBe('add c3.large 3');
    // The final pass of stop() removed the idle ones down to minNodes 0.
    expect(provisioner.nodes).toHaveLength(0);
    await provisioner.addNodes('c3.large', 3, false);
    busy.add('node4');
    queue.length = 0;
    const check = await s.check(false);
    expect(check.nodeTypes[0]).toMatchObject({ removed: ['node3', 'node5'], draining: ['node4'] });
    // Every node is drained before it goes (node0-2 by stop()); node4 stays drained, running its job.
    expect(drained).toEqual(['node0', 'node1', 'node2', 'node3', 'node5', 'node4']);
    expect(provisioner.nodes.map((n) => n.name)).toEqual(['node4']);
    expect(provisioner.calls.at(-1)).toBe('terminate i-3 i-5');
    busy.delete('node4');
    const later = await s.check(false);
    expect(later.nodeTypes[0].removed).toEqual(['node4']);
    expect(provisioner.nodes).toEqual([]);
  });

  it('keeps every node while jobs are issued when the batch system cannot say where they run', async () => {
    const provisioner = new FakeProvisioner();
    const s = await scaler({ nodeTypes: 'c3.large' }, provisioner, {} as BatchSystem);
    await provisioner.addNodes('c3.large', 2, false);
    const queue = [job(1, 1)];
    s.start({ issuedJobs: () => queue });
    await s.stop();
    // The last pass, with one job still issued: both nodes may be running it.
    expect(provisioner.nodes).toHaveLength(2);
    queue.length = 0;
    await s.check(true);
    expect(provisioner.nodes).toHaveLength(0);
  });

  it('uses the big node type only for jobs that need it', async () => {
    const provisioner = new FakeProvisioner();
    const s = await scaler(
      { nodeTypes: 'c3.large,r3.xlarge', maxNodes: '5,1' },
      provisioner,
      batchWithNodes(new Set(), []),
    );
    s.runtimes.record('work', 30);
    s.start({ issuedJobs: () => [job(1, 1), job(1, 1), job(2, 20)] });
    await s.stop();
    expect(provisioner.calls.slice(0, 2)).toEqual(['add c3.large 1', 'add r3.xlarge 1']);
  });

  it('compensates missing spot nodes with on-demand ones of the same instance type', async () => {
    const provisioner = new FakeProvisioner();
    provisioner.noSpot = true;
    const s = await scaler(
      { nodeTypes: 'c3.large:0.02,c3.large', preemptableCompensation: 1 },
      provisioner,
      batchWithNodes(new Set(), []),
    );
    s.runtimes.record('work', 30);
    const spotJob = { ...job(1, 1), requirements: { ...job(1, 1).requirements, preemptible: true } };
    const queue = [spotJob, spotJob, spotJob, spotJob];
    await (async () => {
      s.start({ issuedJobs: () => queue });
      await s.stop();
    })();
    expect(provisioner.calls[0]).toBe('add c3.large:0.02 2');
    // The shortfall is known after a check's scale-up, so the next check compensates.
    await s.check(false);
    await s.check(false);
    expect(provisioner.calls).toContain('add c3.large 2');
  });

  it('refuses a job no node type can run, naming it, its needs and the largest node type', async () => {
    const s = await scaler({ nodeTypes: 'c3.large,r3.xlarge' }, new FakeProvisioner(), {} as BatchSystem);
    expect(() => s.checkJob('align', job(8, 64).requirements)).toThrow(NoNodeTypeFitsError);
    expect(() => s.checkJob('align', job(8, 64).requirements)).toThrow(
      "Job 'align' needs 8 cores, 64.0 Gi memory, 1.0 Gi disk on a non-preemptible node, which no node type in --nodeTypes can run; the largest is 'r3.xlarge' with 4 cores, 30.0 Gi memory, 50.0 Gi disk. Add a node type that fits to --nodeTypes, or lower the job's requirements.",
    );
    expect(() => s.checkJob('small', job(1, 1).requirements)).not.toThrow();
  });
});
