import { regionOf } from './catalog.js';
import type { GceFirewall, GceInstance, GceOperation } from './state.js';

/** The base of every resource URL, as GCE writes its self links. */
export function projectUrl(project: string): string {
  return `https://www.googleapis.com/compute/v1/projects/${project}`;
}

/** An instance as `instances.get` answers (the fields a client reads, in GCE's JSON layout). */
export function instanceJson(project: string, i: GceInstance): object {
  const base = projectUrl(project);
  const zoneUrl = `${base}/zones/${i.zone}`;
  return {
    kind: 'compute#instance',
    id: i.id,
    name: i.name,
    zone: zoneUrl,
    machineType: `${zoneUrl}/machineTypes/${i.machineType}`,
    status: i.status,
    ...(i.statusMessage ? { statusMessage: i.statusMessage } : {}),
    creationTimestamp: i.creationTimestamp,
    labels: i.labels,
    labelFingerprint: 'fakefp==',
    tags: { items: i.networkTags, fingerprint: 'fakefp==' },
    metadata: { kind: 'compute#metadata', fingerprint: 'fakefp==', items: i.metadata },
    scheduling: i.scheduling,
    disks: [
      {
        kind: 'compute#attachedDisk',
        type: 'PERSISTENT',
        mode: 'READ_WRITE',
        boot: true,
        autoDelete: true,
        deviceName: 'persistent-disk-0',
        source: `${zoneUrl}/disks/${i.name}`,
        diskSizeGb: String(i.diskSizeGb),
      },
    ],
    networkInterfaces: [
      {
        kind: 'compute#networkInterface',
        name: 'nic0',
        network: `${base}/global/networks/default`,
        subnetwork: `${base}/regions/${regionOf(i.zone)}/subnetworks/default`,
        ...(i.host
          ? {
              networkIP: i.host.ip,
              // The rig has one network: the host's address is also the one the launcher reaches it on.
              accessConfigs: [
                { kind: 'compute#accessConfig', type: 'ONE_TO_ONE_NAT', name: 'External NAT', natIP: i.host.ip },
              ],
            }
          : {}),
      },
    ],
    // The rig names its hosts after their addresses and cannot rename them: reported as a custom hostname (a
    // real GCE field), which is what the node's `hostname` says and what Slurm knows it by.
    ...(i.host ? { hostname: `${i.host.name}.c.${project}.internal` } : {}),
    selfLink: `${zoneUrl}/instances/${i.name}`,
  };
}

/** A firewall rule as `firewalls.get` answers. */
export function firewallJson(project: string, f: GceFirewall): object {
  return {
    kind: 'compute#firewall',
    id: f.id,
    name: f.name,
    description: f.description,
    network: f.network,
    direction: f.direction,
    priority: 1000,
    sourceRanges: f.sourceRanges,
    sourceTags: f.sourceTags,
    targetTags: f.targetTags,
    allowed: f.allowed,
    creationTimestamp: f.creationTimestamp,
    selfLink: `${projectUrl(project)}/global/firewalls/${f.name}`,
  };
}

/** An operation as `zoneOperations.get`/`globalOperations.get` answer. */
export function operationJson(project: string, op: GceOperation): object {
  const base = projectUrl(project);
  const scope = op.zone ? `${base}/zones/${op.zone}` : `${base}/global`;
  return {
    kind: 'compute#operation',
    id: op.id,
    name: op.name,
    ...(op.zone ? { zone: `${base}/zones/${op.zone}` } : {}),
    operationType: op.operationType,
    targetLink: op.targetLink,
    targetId: op.targetId,
    status: op.status,
    user: 'toil-rig@fake',
    progress: op.status === 'DONE' ? 100 : 0,
    insertTime: op.insertTime,
    startTime: op.insertTime,
    ...(op.endTime ? { endTime: op.endTime } : {}),
    ...(op.error ? { error: op.error, httpErrorStatusCode: 400 } : {}),
    selfLink: `${scope}/operations/${op.name}`,
  };
}
