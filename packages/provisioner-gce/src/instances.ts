import type { protos } from '@google-cloud/compute';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Compute } from './compute.js';
import { GceRequestError } from './errors.js';
import { LABEL_CLUSTER } from './labels.js';

/** An instance as the SDK returns it. */
export type Instance = protos.google.cloud.compute.v1.IInstance;

/** What one instance insert of the provisioner asks for. */
export interface InsertRequest {
  name: string;
  machineType: string;
  labels: Record<string, string>;
  networkTag: string;
  startupScript: string;
  /** The `ssh-keys` metadata line (`user:ssh-ed25519 AAAA...`). */
  sshKeys: string;
  /** Boot disk in GB. */
  diskGb: number;
  /** A spot VM (GCE's preemptible model), deleted when GCE reclaims it. */
  preemptible: boolean;
  /** `--vpcSubnet`: a subnetwork instead of the default network. */
  subnetwork?: string;
}

/** A worker's instance name: the cluster's, `-w-` and 6 random hex digits (GCE names are unique per zone). */
export function workerName(clusterName: string): string {
  return `${clusterName}-w-${randomBytes(3).toString('hex')}`;
}

/** Insert one instance; resolves once GCE's operation is DONE (its host is up), or rejects with GCE's error. */
export async function insertInstance(compute: Compute, r: InsertRequest): Promise<void> {
  const { project, zone, image } = compute.s;
  const [op] = await compute.call('instances', 'insert', (c) =>
    c.insert({
      project,
      zone,
      instanceResource: {
        name: r.name,
        machineType: `zones/${zone}/machineTypes/${r.machineType}`,
        labels: r.labels,
        tags: { items: [r.networkTag] },
        metadata: {
          items: [
            { key: 'startup-script', value: r.startupScript },
            { key: 'ssh-keys', value: r.sshKeys },
          ],
        },
        disks: [
          { boot: true, autoDelete: true, initializeParams: { diskSizeGb: String(r.diskGb), sourceImage: image } },
        ],
        networkInterfaces: [
          {
            ...(r.subnetwork ? { subnetwork: r.subnetwork } : { network: 'global/networks/default' }),
            accessConfigs: [{ type: 'ONE_TO_ONE_NAT', name: 'External NAT' }],
          },
        ],
        scheduling: r.preemptible
          ? { provisioningModel: 'SPOT', instanceTerminationAction: 'DELETE', automaticRestart: false }
          : { provisioningModel: 'STANDARD', automaticRestart: true },
      },
    }),
  );
  await compute.waitFor('instances.insert', op.latestResponse as { name?: string; zone?: string });
}

/** The cluster's instances in the zone (every status), by its label. */
export async function clusterInstances(compute: Compute, clusterName: string): Promise<Instance[]> {
  const { project, zone } = compute.s;
  const [list] = await compute.call('instances', 'list', (c) =>
    c.list({ project, zone, filter: `labels.${LABEL_CLUSTER} = "${clusterName}"` }),
  );
  return list;
}

/** One instance by name. */
export async function getInstance(compute: Compute, name: string): Promise<Instance> {
  const { project, zone } = compute.s;
  const [instance] = await compute.call('instances', 'get', (c) => c.get({ project, zone, instance: name }));
  return instance;
}

/** Wait until an instance is RUNNING with an address (the insert's operation is DONE by then on GCE). */
export async function waitRunning(compute: Compute, name: string, timeoutMs = 600_000): Promise<Instance> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const i = await getInstance(compute, name);
    if (i.status === 'RUNNING' && addressOf(i)) return i;
    if (i.status === 'TERMINATED')
      throw new GceRequestError('instances.insert', undefined, `${name} ended: ${i.statusMessage ?? 'TERMINATED'}`);
    if (Date.now() > deadline)
      throw new GceRequestError('instances.get', undefined, `${name} not RUNNING after ${timeoutMs / 1000} s`);
    await sleep(250);
  }
}

/** Delete instances by name and wait until they are gone. */
export async function deleteAndWait(compute: Compute, names: readonly string[]): Promise<void> {
  const { project, zone } = compute.s;
  const ops = await Promise.all(
    names.map(async (name) => {
      const [op] = await compute.call('instances', 'delete', (c) => c.delete({ project, zone, instance: name }));
      return op.latestResponse as { name?: string; zone?: string };
    }),
  );
  await Promise.all(ops.map((op) => compute.waitFor('instances.delete', op)));
}

/** The address ssh uses: the external (NAT) one when there is one, else the internal one. */
export function addressOf(i: Instance): string {
  const nic = i.networkInterfaces?.[0];
  return nic?.accessConfigs?.[0]?.natIP ?? nic?.networkIP ?? '';
}

/**
 * The host name a node has and registers with Slurm as: the instance's name, or the first label of its custom
 * `hostname` when it has one (the test rig's hosts are named after their addresses).
 */
export function nodeName(i: Instance): string {
  return i.hostname?.split('.')[0] || i.name || '';
}
