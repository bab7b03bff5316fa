import type { InstanceShape, ProvisionedNode } from '@toil/core/backend';
import { startupScript } from './boot.js';
import { RESERVED_MIB } from './cluster.js';
import type { Provisioner } from './cluster-types.js';
import { Compute } from './compute.js';
import { clusterInstances, deleteAndWait, insertInstance, nodeName, workerName } from './instances.js';
import { decodeNodeSpec, instanceLabels, LABEL_NODE_SPEC, LABEL_NODE_TYPE, networkTag } from './labels.js';
import { launcherCli, toilVersion } from './launcher.js';
import { parseGceNodeType } from './node-type.js';
import { checkMachineTypes } from './preflight.js';
import type { GceSettings } from './settings.js';

/** Where the autoscaler's provisioner runs: on the cluster's leader, whose boot wrote these settings. */
export interface GceProvisionerSettings {
  clusterName: string;
  /** Project, zone, image, endpoint and token, as on the launcher. */
  gce: GceSettings;
  /** The `ssh-keys` metadata line of the cluster's nodes (`user:ssh-ed25519 AAAA...`). */
  sshKeys: string;
  /** The `--keyPairName` (the ssh-keys user), for the owner label. */
  keyPairName: string;
  leaderAddress: string;
  /** Worker boot disk in GB, and per machine type. */
  nodeStorage: number;
  nodeStorageOverrides?: Record<string, number>;
  /** The cluster's Slurm, for workers to join: its munge key (base64) and the leader's Slurm node name. */
  slurm?: { mungeKey: string; leaderName: string };
}

/** The autoscaler's view of GCE: workers of one cluster, added and removed by node type. */
export class GceProvisioner implements Provisioner {
  private readonly compute: Compute;

  constructor(private readonly s: GceProvisionerSettings) {
    this.compute = new Compute(s.gce);
  }

  /** Launch `count` workers of a node type (spot VMs when the entry has `:<bid>` and `preemptible` is asked). */
  async addNodes(nodeType: string, count: number, preemptible: boolean): Promise<number> {
    const spec = parseGceNodeType(nodeType);
    const type = spec.machineTypes[0]!;
    const shape = (await checkMachineTypes(this.compute, [spec])).get(type)!;
    const { project, zone } = this.s.gce;
    const inserts = Array.from({ length: count }, () =>
      insertInstance(this.compute, {
        name: workerName(this.s.clusterName),
        machineType: type,
        labels: instanceLabels(this.s.clusterName, this.s.keyPairName, {}, 'worker', nodeType),
        networkTag: networkTag(this.s.clusterName),
        sshKeys: this.s.sshKeys,
        startupScript: startupScript({
          clusterName: this.s.clusterName,
          role: 'worker',
          zone,
          project,
          keyPairName: this.s.keyPairName,
          sshKeys: this.s.sshKeys,
          leaderAddress: this.s.leaderAddress,
          launcherCli: launcherCli(),
          version: toilVersion(),
          slurm: this.s.slurm && {
            clusterName: this.s.clusterName,
            role: 'worker',
            mungeKey: this.s.slurm.mungeKey,
            leader: { name: this.s.slurm.leaderName, address: this.s.leaderAddress },
            cpus: shape.guestCpus,
            memoryMiB: Math.max(shape.memoryMb - RESERVED_MIB, 256),
          },
        }),
        diskGb: this.s.nodeStorageOverrides?.[type] ?? this.s.nodeStorage,
        preemptible: preemptible || spec.preemptible,
      }),
    );
    const results = await Promise.allSettled(inserts);
    const started = results.filter((r) => r.status === 'fulfilled').length;
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    // Some started: the autoscaler counts those and asks again next tick; none at all is an error to report.
    if (started === 0 && failed) throw failed.reason;
    return started;
  }

  /** Delete workers by instance name and wait until they are gone. */
  async terminateNodes(nodeIds: readonly string[]): Promise<void> {
    await deleteAndWait(this.compute, nodeIds);
  }

  /** The cluster's workers, booting ones included; the name is the host name Slurm knows the node by. */
  async getNodes(preemptible?: boolean): Promise<ProvisionedNode[]> {
    const list = await clusterInstances(this.compute, this.s.clusterName);
    return list
      .filter(
        (i) =>
          i.labels?.[LABEL_NODE_TYPE] === 'worker' && ['PROVISIONING', 'STAGING', 'RUNNING'].includes(i.status ?? ''),
      )
      .map((i) => ({
        id: i.name!,
        name: nodeName(i),
        nodeType: decodeNodeSpec(i.labels?.[LABEL_NODE_SPEC] ?? '') || (i.machineType ?? '').split('/').pop()!,
        preemptible: i.scheduling?.provisioningModel === 'SPOT' || i.scheduling?.preemptible === true,
      }))
      .filter((n) => preemptible === undefined || n.preemptible === preemptible);
  }

  /** vCPUs and memory of a machine type, less what the node's own daemons keep. */
  async getNodeShape(nodeType: string): Promise<InstanceShape> {
    const spec = parseGceNodeType(nodeType);
    const shape = (await checkMachineTypes(this.compute, [spec])).get(spec.machineTypes[0]!)!;
    return { cores: shape.guestCpus, memory: Math.max(shape.memoryMb - RESERVED_MIB, 0) * 1024 * 1024 };
  }

  /** Close the Compute clients. */
  close(): Promise<void> {
    return this.compute.close();
  }
}
