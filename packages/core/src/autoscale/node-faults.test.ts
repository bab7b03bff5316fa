import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { BatchSystem } from '../batch/batch-system.js';
import type { Logger } from '../log/logger.js';
import { parseOptions } from '../options/parse.js';
import type { InstanceShape, ProvisionedNode, Provisioner } from '../plugins/plugin.js';
import { ClusterScaler, type IssuedJob } from './scaler.js';

/**
 * The autoscaler's fault handling with a provisioner and a scheduler that are records (the real ones, EC2 on the
 * cloud rig and Slurm on its hosts, are in packages/provisioner-aws/src/cluster-faults.test.ts).
 */

const GiB = 2 ** 30;

class RecordProvisioner implements Provisioner {
  readonly nodes: ProvisionedNode[] = [];
  readonly terminated: string[] = [];
  private next = 0;
  addNodes(nodeType: string, count: number, preemptible: boolean): Promise<number> {
    for (let i = 0; i < count; i++)
      this.nodes.push({ id: `i-${this.next}`, name: `node${this.next++}`, nodeType, preemptible });
    return Promise.resolve(count);
  }
  terminateNodes(ids: readonly string[]): Promise<void> {
    this.terminated.push(...ids);
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
  getNodeShape(): Promise<InstanceShape> {
    return Promise.resolve({ cores: 2, memory: 4 * GiB });
  }
}

/** A scheduler with node records: `joined` (dynamic ones), `static` ones of its configuration, busy nodes. */
class RecordScheduler {
  readonly joined = new Set<string>();
  readonly static = new Set<string>(['vm']);
  readonly busy = new Set<string>();
  readonly forgotten: string[] = [];
  readonly batch = {
    name: 'slurm',
    getBusyNodes: () => Promise.resolve(new Set(this.busy)),
    ignoreNode: () => Promise.resolve(),
    unignoreNode: () => Promise.resolve(),
    listNodes: () =>
      Promise.resolve({ joined: new Set([...this.joined, ...this.static]), dynamic: new Set(this.joined) }),
    forgetNode: (name: string) => {
      if (!this.joined.delete(name)) return Promise.resolve(false);
      this.forgotten.push(name);
      return Promise.resolve(true);
    },
  } as unknown as BatchSystem;
}

function logger(lines: string[]): Logger {
  const keep = (level: string) => (message: string) => void lines.push(`${level} ${message}`);
  return { debug: () => {}, info: keep('INFO'), warn: keep('WARN'), error: keep('ERROR'), enabled: () => true };
}

const work: IssuedJob = {
  name: 'work',
  displayName: 'work',
  requirements: { cores: 2, memory: GiB, disk: GiB, accelerators: [], preemptible: false },
  service: false,
};

async function scaler(provisioner: Provisioner, batch: BatchSystem, lines: string[], options = {}) {
  const config = parseOptions(
    { provisioner: 'fake', nodeTypes: 't2.small', maxNodes: '2', betaInertia: 0, nodeBootTimeout: 0.2, ...options },
    { jobStore: '/tmp/js-faults-test', env: {} },
  );
  return ClusterScaler.create({ provisioner, batch, config, log: logger(lines) });
}

describe('the autoscaler on faulty nodes', () => {
  it('terminates a node that never joins the scheduler within --nodeBootTimeout, says so in one line, replaces it', async () => {
    const cloud = new RecordProvisioner();
    const slurm = new RecordScheduler();
    const lines: string[] = [];
    const s = await scaler(cloud, slurm.batch, lines, { minNodes: '1', maxNodes: '1' });
    s.start({ issuedJobs: () => [] });
    await s.stop(); // the first check (and the last) added node0, which has not joined yet
    expect(cloud.nodes.map((n) => n.id)).toEqual(['i-0']);

    // within the timeout: still booting, kept
    expect((await s.check(false)).nodeTypes[0]).toMatchObject({ current: 1, added: 0 });
    expect(cloud.terminated).toEqual([]);

    await sleep(250);
    const check = await s.check(false);
    expect(cloud.terminated).toEqual(['i-0']);
    expect(check.nodeTypes[0]).toMatchObject({ bootFailed: ['i-0'], current: 0, desired: 1, added: 1 });
    expect(cloud.nodes.map((n) => n.id)).toEqual(['i-1']);
    const warned = lines.filter((l) => l.startsWith('WARN'));
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatch(
      /^WARN Autoscaler: node i-0 \(node0, node type 't2\.small'\) has not joined the slurm cluster \d+ s after it was started \(its boot failed or hangs, --nodeBootTimeout 0\.2 s\): terminating it$/,
    );

    // the replacement joins: it stays, however long it runs
    slurm.joined.add('node1');
    await sleep(250);
    expect((await s.check(false)).nodeTypes[0]).toMatchObject({ current: 1, added: 0 });
    expect(cloud.terminated).toEqual(['i-0']);
  });

  it('fails a node that reports its own failed boot at the first check, long before --nodeBootTimeout', async () => {
    const cloud = new RecordProvisioner();
    const slurm = new RecordScheduler();
    const lines: string[] = [];
    const s = await scaler(cloud, slurm.batch, lines, { minNodes: '1', maxNodes: '1', nodeBootTimeout: 600 });
    s.start({ issuedJobs: () => [] });
    await s.stop();
    expect(cloud.nodes.map((n) => n.id)).toEqual(['i-0']);
    // its boot fails and it says so (the instance shut itself down): no wait for the 600 s timeout
    cloud.nodes[0]!.bootFailure = 'it shut itself down: Client.InstanceInitiatedShutdown';
    // the cloud keeps listing an ended instance a while (EC2 about an hour): it is failed once, never counted again
    const ended = cloud.nodes[0]!;
    const terminate = cloud.terminateNodes.bind(cloud);
    cloud.terminateNodes = async (ids) => {
      await terminate(ids);
      if (ids.includes(ended.id)) cloud.nodes.push(ended);
    };
    const check = await s.check(false);
    expect(cloud.terminated).toEqual(['i-0']);
    expect(check.nodeTypes[0]).toMatchObject({ bootFailed: ['i-0'], current: 0, desired: 1, added: 1 });
    expect(cloud.nodes.map((n) => n.id)).toEqual(['i-0', 'i-1']);
    const warned = lines.filter((l) => l.startsWith('WARN'));
    expect(warned).toEqual([
      "WARN Autoscaler: node i-0 (node0, node type 't2.small') reported that its boot failed (it shut itself down: Client.InstanceInitiatedShutdown): terminating it",
    ]);
    // the replacement, booting normally, is kept, and the ended node is neither reported nor counted again
    const after = (await s.check(false)).nodeTypes[0];
    expect(after).toMatchObject({ current: 1, added: 0 });
    expect(after?.bootFailed).toBeUndefined();
    expect(cloud.terminated).toEqual(['i-0']);
    expect(lines.filter((l) => l.startsWith('WARN'))).toHaveLength(1);
  });

  it('forgets the record of a reclaimed node (its jobs end as lost), replaces it, and never a static node', async () => {
    const cloud = new RecordProvisioner();
    const slurm = new RecordScheduler();
    const lines: string[] = [];
    const s = await scaler(cloud, slurm.batch, lines, { targetTime: 0.5 });
    s.start({ issuedJobs: () => [work, work] });
    await sleep(50);
    expect(cloud.nodes.map((n) => n.name)).toEqual(['node0', 'node1']);
    slurm.joined.add('node0').add('node1');
    slurm.busy.add('node0').add('node1');

    // EC2 reclaims the spot node node1 mid-job: the cloud no longer lists it, the scheduler still has it
    cloud.nodes.splice(1, 1);
    const check = await s.check(false);
    expect(check.forgotten).toEqual(['node1']);
    expect(slurm.forgotten).toEqual(['node1']);
    expect(check.nodeTypes[0]).toMatchObject({ current: 1, desired: 2, added: 1 });
    expect(lines).toContain(
      'INFO Autoscaler: node node1 is gone from the cloud (terminated or reclaimed); removed from slurm, any job it ran comes back as lost',
    );
    // the scheduler's own node is not the cloud's: never forgotten
    expect(slurm.static.has('vm')).toBe(true);
    expect(slurm.forgotten).not.toContain('vm');

    // at the end, idle nodes go and their records with them; a busy one is kept, record and all
    slurm.joined.add('node2');
    slurm.busy.delete('node2');
    await s.stop();
    expect(cloud.terminated).toEqual(['i-2']);
    expect(slurm.forgotten).toEqual(['node1', 'node2']);
    expect(cloud.nodes.map((n) => n.name)).toEqual(['node0']);
    expect(slurm.joined.has('node0')).toBe(true);
  });
});
