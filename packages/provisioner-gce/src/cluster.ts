import { randomBytes } from 'node:crypto';
import type { ClusterLeader, ClusterSettings, LaunchClusterSpec } from './cluster-types.js';
import { Compute } from './compute.js';
import { startupScript } from './boot.js';
import { GceNoSuchClusterError } from './errors.js';
import { clusterFirewalls, createFirewalls, deleteFirewalls } from './firewalls.js';
import {
  addressOf,
  clusterInstances,
  deleteAndWait,
  insertInstance,
  nodeName,
  waitRunning,
  workerName,
} from './instances.js';
import { checkUserLabels, instanceLabels, LABEL_CLUSTER, LABEL_NODE_TYPE, networkTag } from './labels.js';
import { leaderEnvironment } from './leader-env.js';
import { launcherCli, toilVersion } from './launcher.js';
import { parseGceNodeType } from './node-type.js';
import { checkMachineTypes, checkNameFree, checkZone } from './preflight.js';
import { checkClusterName, gceSettings } from './settings.js';
import { sshKeysEntry } from './ssh-key.js';

/** Memory a node keeps for its own daemons (slurmd, sshd, the guest agent), as the AWS provisioner does. */
export const RESERVED_MIB = 256;

/** One named cluster in a GCE zone: `launch-cluster`, `destroy-cluster` and the leader lookup of the others. */
export class GceCluster {
  readonly clusterName: string;
  readonly compute: Compute;
  private readonly env: NodeJS.ProcessEnv;

  constructor(settings: ClusterSettings, env: NodeJS.ProcessEnv = process.env) {
    this.clusterName = checkClusterName(settings.clusterName);
    this.env = env;
    this.compute = new Compute(gceSettings(settings.zone, env));
  }

  /** Every check first, then the firewall, the leader and any static workers; undone on failure. */
  async launchCluster(spec: LaunchClusterSpec): Promise<ClusterLeader> {
    const leaderType = parseGceNodeType(spec.leaderNodeType);
    const workerTypes = spec.workers.map((w) => ({ spec: parseGceNodeType(w.nodeType), count: w.count }));
    const userLabels = checkUserLabels(spec.tags);
    const sshKeys = sshKeysEntry(spec.keyPairName);
    // Checked before anything is made: a setting the leader cannot take fails the launch with nothing to undo.
    const leaderEnv = leaderEnvironment(this.env);
    await checkZone(this.compute);
    const shapes = await checkMachineTypes(this.compute, [leaderType, ...workerTypes.map((w) => w.spec)]);
    await checkNameFree(this.compute, this.clusterName);

    const { project, zone } = this.compute.s;
    const firewalls: string[] = [];
    const instances: string[] = [];
    try {
      await createFirewalls(this.compute, this.clusterName, firewalls);
      const boot = {
        clusterName: this.clusterName,
        zone,
        project,
        keyPairName: spec.keyPairName,
        launcherCli: launcherCli(),
        version: toilVersion(),
      };
      // One munge key per cluster, made here and given to every node in its startup script.
      const slurm = { clusterName: this.clusterName, mungeKey: randomBytes(1024).toString('base64') };
      const common = { networkTag: networkTag(this.clusterName), sshKeys, subnetwork: spec.vpcSubnet };
      const leaderName = `${this.clusterName}-leader`;
      instances.push(leaderName);
      await insertInstance(this.compute, {
        ...common,
        name: leaderName,
        machineType: leaderType.machineTypes[0]!,
        labels: instanceLabels(this.clusterName, spec.keyPairName, userLabels, 'leader'),
        startupScript: startupScript({
          ...boot,
          role: 'leader',
          slurm: { ...slurm, role: 'leader' },
          sshKeys,
          env: leaderEnv,
          // Only off Google (the rig's fake): the leader's autoscaler must reach the same endpoint as the launcher.
          endpoint: this.compute.s.endpoint && {
            url: this.compute.s.endpoint.origin,
            accessToken: this.compute.s.accessToken,
          },
        }),
        diskGb: spec.leaderStorage,
        preemptible: false,
      });
      const leader = await waitRunning(this.compute, leaderName);
      const inserts: Array<Promise<void>> = [];
      for (const w of workerTypes) {
        const type = w.spec.machineTypes[0]!;
        const shape = shapes.get(type)!;
        for (let n = 0; n < w.count; n += 1) {
          const name = workerName(this.clusterName);
          instances.push(name);
          inserts.push(
            insertInstance(this.compute, {
              ...common,
              name,
              machineType: type,
              labels: instanceLabels(this.clusterName, spec.keyPairName, userLabels, 'worker', w.spec.text),
              startupScript: startupScript({
                ...boot,
                role: 'worker',
                sshKeys,
                leaderAddress: addressOf(leader),
                slurm: {
                  ...slurm,
                  role: 'worker',
                  leader: { name: nodeName(leader), address: addressOf(leader) },
                  cpus: shape.guestCpus,
                  memoryMiB: Math.max(shape.memoryMb - RESERVED_MIB, 256),
                },
              }),
              diskGb: spec.nodeStorageOverrides[type] ?? spec.nodeStorage,
              preemptible: w.spec.preemptible,
            }),
          );
        }
      }
      const results = await Promise.allSettled(inserts);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      return { id: String(leader.id), address: addressOf(leader), user: 'root' };
    } catch (error) {
      // Nothing half-made is left: what this launch created goes again, and the first failure is reported.
      const live = new Set((await clusterInstances(this.compute, this.clusterName).catch(() => [])).map((i) => i.name));
      await deleteAndWait(
        this.compute,
        instances.filter((n) => live.has(n)),
      ).catch(() => undefined);
      await deleteFirewalls(this.compute, firewalls).catch(() => undefined);
      throw error;
    }
  }

  /** The running leader, or GceNoSuchClusterError. */
  async getLeader(): Promise<ClusterLeader> {
    const leader = (await clusterInstances(this.compute, this.clusterName)).find(
      (i) => i.labels?.[LABEL_NODE_TYPE] === 'leader' && i.status === 'RUNNING',
    );
    if (!leader) throw new GceNoSuchClusterError(this.clusterName, this.compute.s.zone);
    return { id: String(leader.id), address: addressOf(leader), user: 'root' };
  }

  /** Delete every instance labelled with the cluster (boot disks go with them), then its firewall rules. */
  async destroyCluster(): Promise<{ instances: number; securityGroups: number }> {
    const instances = await clusterInstances(this.compute, this.clusterName);
    const firewalls = await clusterFirewalls(this.compute, this.clusterName);
    if (instances.length === 0 && firewalls.length === 0) {
      throw new GceNoSuchClusterError(this.clusterName, this.compute.s.zone);
    }
    // Only instances whose label says this cluster (the list is filtered by it; checked again as the contract).
    const ours = instances.filter((i) => i.labels?.[LABEL_CLUSTER] === this.clusterName).map((i) => i.name!);
    await deleteAndWait(this.compute, ours);
    await deleteFirewalls(this.compute, firewalls);
    return { instances: ours.length, securityGroups: firewalls.length };
  }

  /** Close the Compute clients. */
  close(): Promise<void> {
    return this.compute.close();
  }
}
