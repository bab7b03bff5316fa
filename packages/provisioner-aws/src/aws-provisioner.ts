import type { InstanceShape, ProvisionedNode } from '@toil/core/backend';
import type { Instance } from '@aws-sdk/client-ec2';
import type { Provisioner } from './cluster-types.js';
import { Ec2 } from './ec2.js';
import { ClusterOptionError } from './errors.js';
import { addressOf, clusterInstances, runInstances } from './instances.js';
import { parseNodeType } from './node-type.js';
import { checkNodeTypes, clusterGroups } from './preflight.js';
import { imageId } from './settings.js';
import { instanceTags, TAG_NODE_SPEC, TAG_NODE_TYPE } from './tags.js';
import { launcherCli, toilVersion } from './launcher.js';
import { userData } from './user-data.js';
import { resolveZone } from './zone.js';

/** Memory a node keeps for its own daemons (slurmd, sshd, the kernel), as Toil's provisioner does. */
const RESERVED_MIB = 256;

/** Where the autoscaler's provisioner runs: on the cluster's leader, whose boot wrote these settings. */
export interface AwsProvisionerSettings {
  clusterName: string;
  zone?: string;
  keyPairName: string;
  leaderAddress: string;
  /** Worker root volume in GB, and per instance type. */
  nodeStorage: number;
  nodeStorageOverrides?: Record<string, number>;
  /**
   * The cluster's Slurm, for workers to join: its munge key (base64) and the leader's Slurm node name. On a leader
   * made by launch-cluster these come from its boot (/root/.toil/munge/munge.key, the host name).
   */
  slurm?: { mungeKey: string; leaderName: string };
}

/** The autoscaler's view of EC2: workers of one cluster, added and removed by node type. */
export class AwsProvisioner implements Provisioner {
  private readonly ec2: Ec2;
  private readonly zone: string;

  constructor(private readonly s: AwsProvisionerSettings) {
    const { zone, region } = resolveZone(s.zone);
    this.zone = zone;
    this.ec2 = new Ec2(region);
  }

  /** Launch `count` workers of a node type; a spot request EC2 refuses (bid under the price) starts none. */
  async addNodes(nodeType: string, count: number, preemptible: boolean): Promise<number> {
    const spec = parseNodeType(nodeType);
    if (preemptible && spec.bid === undefined) {
      throw new ClusterOptionError(
        'NO_BID',
        `The node type '${nodeType}' is used for preemptible nodes but has no :bid.`,
      );
    }
    const type = spec.instanceTypes[0]!;
    const shape = (await checkNodeTypes(this.ec2, [spec])).get(type)!;
    const groups = await clusterGroups(this.ec2, this.s.clusterName);
    try {
      const ids = await runInstances(this.ec2, {
        instanceType: type,
        count,
        zone: this.zone,
        imageId: imageId(),
        keyPairName: this.s.keyPairName,
        securityGroupIds: groups,
        tags: instanceTags(this.s.clusterName, this.s.keyPairName, {}, 'worker', nodeType),
        userData: userData({
          clusterName: this.s.clusterName,
          role: 'worker',
          shutdownOnFailure: true,
          zone: this.zone,
          leaderAddress: this.s.leaderAddress,
          launcherCli: launcherCli(),
          version: toilVersion(),
          slurm: this.s.slurm && {
            clusterName: this.s.clusterName,
            role: 'worker',
            mungeKey: this.s.slurm.mungeKey,
            leader: { name: this.s.slurm.leaderName, address: this.s.leaderAddress },
            cpus: shape.vcpus,
            memoryMiB: Math.max(shape.memoryMiB - RESERVED_MIB, 256),
          },
        }),
        storage: this.s.nodeStorageOverrides?.[type] ?? this.s.nodeStorage,
        bid: preemptible ? spec.bid : undefined,
        terminateOnShutdown: true,
      });
      return ids.length;
    } catch (error) {
      if ((error as { awsCode?: string }).awsCode === 'SpotMaxPriceTooLow') return 0;
      throw error;
    }
  }

  /** Terminate workers by instance ID (without waiting: the autoscaler's next tick sees them gone). */
  async terminateNodes(nodeIds: readonly string[]): Promise<void> {
    if (nodeIds.length === 0) return;
    // Marked first, so an instance that shut itself down is reported once, not on every listing while EC2 still
    // shows it (about an hour), by this leader or a restarted one. Best effort: a tag refused on an instance that is
    // already gone only means this process's own record (core's NodeFaults) keeps it from being reported twice.
    await this.ec2
      .send(
        'CreateTags',
        (sdk) =>
          new sdk.CreateTagsCommand({ Resources: [...nodeIds], Tags: [{ Key: TAG_TERMINATED, Value: 'autoscaler' }] }),
      )
      .catch(() => undefined);
    await this.ec2.send(
      'TerminateInstances',
      (sdk) => new sdk.TerminateInstancesCommand({ InstanceIds: [...nodeIds] }),
    );
  }

  /**
   * The cluster's workers, booting ones included; the name is the host name Slurm knows the node by. A worker that
   * shut itself down (its boot failed, user-data.ts) is listed while EC2 still shows it, with `bootFailure`, so the
   * autoscaler fails it at once.
   */
  async getNodes(preemptible?: boolean): Promise<ProvisionedNode[]> {
    const states = ['pending', 'running', 'shutting-down', 'terminated'];
    const list = await clusterInstances(this.ec2, this.s.clusterName, states);
    return list
      .filter((i) => i.Tags?.some((t) => t.Key === TAG_NODE_TYPE && t.Value === 'worker'))
      .filter((i) => ['pending', 'running'].includes(i.State?.Name ?? '') || selfShutdown(i))
      .map((i) => ({
        id: i.InstanceId!,
        name: (i.PrivateDnsName ?? '').split('.')[0] || `ip-${addressOf(i).replaceAll('.', '-')}`,
        nodeType: i.Tags?.find((t) => t.Key === TAG_NODE_SPEC)?.Value ?? i.InstanceType ?? '',
        preemptible: i.InstanceLifecycle === 'spot',
        ...(selfShutdown(i) ? { bootFailure: `the instance shut itself down: ${i.StateReason?.Code}` } : {}),
      }))
      .filter((n) => preemptible === undefined || n.preemptible === preemptible);
  }

  /** vCPUs and memory of an instance type, less what the node's own daemons keep. */
  async getNodeShape(instanceType: string): Promise<InstanceShape> {
    const shapes = await checkNodeTypes(this.ec2, [parseNodeType(instanceType)]);
    const shape = shapes.get(instanceType)!;
    return { cores: shape.vcpus, memory: Math.max(shape.memoryMiB - RESERVED_MIB, 0) * 1024 * 1024 };
  }
}

/** The tag terminateNodes puts on what it terminates. */
const TAG_TERMINATED = 'ToilTerminatedBy';

/**
 * Whether an instance ended because it shut itself down (a worker does so only when its boot fails) and the
 * autoscaler has not dealt with it yet.
 */
function selfShutdown(i: Instance): boolean {
  return i.StateReason?.Code === 'Client.InstanceInitiatedShutdown' && !i.Tags?.some((t) => t.Key === TAG_TERMINATED);
}
