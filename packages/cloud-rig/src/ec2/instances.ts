import { existsSync } from 'node:fs';
import { shutdownMarker } from '../hosts/host-create.js';
import { Ec2ApiError } from './errors.js';
import type { ActionContext, ActionHandler } from './context.js';
import { INSTANCE_TYPES, spotPrice, zonesOf } from './catalog.js';
import { matchesFilters, readFilters, tagField } from './filters.js';
import { instanceXml } from './instance-xml.js';
import { nodes, str, strings, sub } from './query.js';
import { newId, type FakeInstance } from './state.js';
import { items, type XmlObject } from './xml.js';
import { readTags } from './tags.js';

function validateLaunch(ctx: ActionContext): {
  type: string;
  zone: string;
  groupIds: string[];
  spot?: string;
} {
  const { params, state } = ctx;
  const imageId = str(params, 'ImageId');
  if (!imageId || !/^ami-[0-9a-f]{8,17}$/.test(imageId)) {
    throw new Ec2ApiError('InvalidAMIID.Malformed', `Invalid id: "${imageId ?? ''}" (expecting "ami-...")`);
  }
  const type = str(params, 'InstanceType') ?? 'm1.small';
  const info = INSTANCE_TYPES[type];
  if (!info) throw new Ec2ApiError('InvalidParameterValue', `Invalid value '${type}' for InstanceType.`);
  const keyName = str(params, 'KeyName');
  if (keyName !== undefined && !state.keyPairs.has(keyName)) {
    throw new Ec2ApiError('InvalidKeyPair.NotFound', `The key pair '${keyName}' does not exist`);
  }
  const groupIds = strings(params, 'SecurityGroupId');
  for (const name of strings(params, 'SecurityGroup')) {
    const group = [...state.securityGroups.values()].find((g) => g.name === name);
    if (!group) throw new Ec2ApiError('InvalidGroup.NotFound', `The security group '${name}' does not exist`);
    groupIds.push(group.id);
  }
  for (const id of groupIds) {
    if (!state.securityGroups.has(id)) {
      throw new Ec2ApiError('InvalidGroup.NotFound', `The security group '${id}' does not exist`);
    }
  }
  const zone = str(sub(params, 'Placement'), 'AvailabilityZone') ?? `${ctx.region}a`;
  if (!zonesOf(ctx.region).includes(zone)) {
    throw new Ec2ApiError('InvalidParameterValue', `Invalid availability zone: [${zone}]`);
  }
  const market = sub(params, 'InstanceMarketOptions');
  if (str(market, 'MarketType') !== 'spot') return { type, zone, groupIds };
  const maxPrice = str(sub(market, 'SpotOptions'), 'MaxPrice') ?? String(info.onDemandPrice);
  const bid = Number(maxPrice);
  if (!Number.isFinite(bid) || bid <= 0) {
    throw new Ec2ApiError('InvalidParameterValue', `Invalid value '${maxPrice}' for MaxPrice.`);
  }
  if (bid < spotPrice(info)) {
    throw new Ec2ApiError(
      'SpotMaxPriceTooLow',
      `Your Spot request price of ${maxPrice} is lower than the minimum required Spot request fulfillment price of ${spotPrice(info)}.`,
    );
  }
  return { type, zone, groupIds, spot: maxPrice };
}

/** Boot an instance's host in the background: pending until its sshd is up, terminated if the host fails. */
function bootHost(ctx: ActionContext, instance: FakeInstance): void {
  const key = instance.keyName ? ctx.state.keyPairs.get(instance.keyName)?.publicKey : undefined;
  const work = ctx.hosts
    .create({ authorizedKeys: key ? [key] : [], userData: instance.userData })
    .then(async (host) => {
      instance.host = host;
      if (instance.state === 'pending') instance.state = 'running';
      else await ctx.hosts.destroy(host.name); // terminated while it was booting
    })
    .catch((error: unknown) => {
      instance.state = 'terminated';
      instance.stateReason = { code: 'Server.InternalError', message: `host failed: ${String(error)}` };
    });
  ctx.track(work);
}

/** RunInstances: validated whole before anything is made, as EC2 does, then one rig host per instance. */
export const runInstances: ActionHandler = (ctx) => {
  const { type, zone, groupIds, spot } = validateLaunch(ctx);
  const count = Number(str(ctx.params, 'MaxCount') ?? str(ctx.params, 'MinCount') ?? '1');
  if (!Number.isInteger(count) || count < 1 || count > 20) {
    throw new Ec2ApiError('InvalidParameterValue', `Invalid value '${count}' for MaxCount (1 to 20).`);
  }
  const mapping = nodes(ctx.params, 'BlockDeviceMapping')[0];
  const volumeSize = Number(str(sub(mapping, 'Ebs'), 'VolumeSize') ?? '8');
  const userDataB64 = str(ctx.params, 'UserData');
  const tagSpecs = nodes(ctx.params, 'TagSpecification').filter((s) => str(s, 'ResourceType') === 'instance');
  const reservationId = newId('r');
  const launched: FakeInstance[] = [];
  for (let n = 0; n < count; n += 1) {
    const instance: FakeInstance = {
      id: newId('i'),
      reservationId,
      type,
      imageId: str(ctx.params, 'ImageId')!,
      keyName: str(ctx.params, 'KeyName'),
      zone,
      state: 'pending',
      tags: new Map(tagSpecs.flatMap((s) => [...readTags(s)])),
      groupIds,
      userData: userDataB64 === undefined ? undefined : Buffer.from(userDataB64, 'base64').toString('utf8'),
      shutdownBehavior: str(ctx.params, 'InstanceInitiatedShutdownBehavior') === 'terminate' ? 'terminate' : 'stop',
      lifecycle: spot === undefined ? undefined : 'spot',
      maxPrice: spot,
      volumeSize,
      volumeId: newId('vol'),
      deviceName: str(mapping, 'DeviceName') ?? '/dev/xvda',
      launchTime: new Date().toISOString(),
    };
    ctx.state.instances.set(instance.id, instance);
    launched.push(instance);
    bootHost(ctx, instance);
  }
  return {
    reservationId,
    ownerId: '123456789012',
    groupSet: '',
    instancesSet: items(launched.map((i) => instanceXml(ctx.state, i))),
  };
};

function instanceField(i: FakeInstance, name: string): string[] | undefined {
  switch (name) {
    case 'instance-id':
      return [i.id];
    case 'instance-state-name':
      return [i.state];
    case 'instance-type':
      return [i.type];
    case 'instance-lifecycle':
      return i.lifecycle ? [i.lifecycle] : [];
    case 'availability-zone':
      return [i.zone];
    case 'key-name':
      return i.keyName ? [i.keyName] : [];
    case 'private-ip-address':
      return i.host ? [i.host.ip] : [];
    case 'instance.group-id':
      return i.groupIds;
    default:
      return tagField(name, i.tags);
  }
}

/** EC2's reason for an instance that shut itself down. */
export const INSTANCE_INITIATED_SHUTDOWN = {
  code: 'Client.InstanceInitiatedShutdown',
  message: 'Client.InstanceInitiatedShutdown: Instance initiated shutdown',
};

/**
 * Instances whose host ran `shutdown` (the rig's stand-in, see createHost) and whose InstanceInitiatedShutdownBehavior
 * is `terminate` end as EC2 ends them. Looked at when instances are described, the only time anyone can tell. With
 * `stop` they are left running: the fake has no stopped state.
 */
function endShutDownInstances(ctx: ActionContext): void {
  for (const i of ctx.state.instances.values()) {
    if (i.state !== 'running' || i.shutdownBehavior !== 'terminate' || !i.host) continue;
    if (existsSync(shutdownMarker(i.host.dir))) terminate(ctx, i, INSTANCE_INITIATED_SHUTDOWN);
  }
}

/** DescribeInstances with `InstanceId.N` and the filters a provisioner uses, grouped by reservation. */
export const describeInstances: ActionHandler = (ctx) => {
  endShutDownInstances(ctx);
  const ids = strings(ctx.params, 'InstanceId');
  for (const id of ids) {
    if (!ctx.state.instances.has(id)) {
      throw new Ec2ApiError('InvalidInstanceID.NotFound', `The instance ID '${id}' does not exist`);
    }
  }
  const filters = readFilters(ctx.params);
  const found = [...ctx.state.instances.values()].filter(
    (i) => (ids.length === 0 || ids.includes(i.id)) && matchesFilters(filters, (n) => instanceField(i, n)),
  );
  const reservations = new Map<string, FakeInstance[]>();
  for (const i of found) reservations.set(i.reservationId, [...(reservations.get(i.reservationId) ?? []), i]);
  const set: XmlObject[] = [...reservations].map(([reservationId, list]) => ({
    reservationId,
    ownerId: '123456789012',
    groupSet: '',
    instancesSet: items(list.map((i) => instanceXml(ctx.state, i))),
  }));
  return { reservationSet: items(set) };
};

/** Stop an instance: shutting-down at once, terminated when its host is gone. */
export function terminate(
  ctx: Pick<ActionContext, 'hosts' | 'track'>,
  i: FakeInstance,
  reason?: FakeInstance['stateReason'],
): void {
  if (i.state === 'terminated' || i.state === 'shutting-down') return;
  i.state = 'shutting-down';
  i.stateReason = reason ?? { code: 'Client.UserInitiatedShutdown', message: 'User initiated shutdown' };
  const host = i.host;
  ctx.track(
    (host ? ctx.hosts.destroy(host.name) : Promise.resolve(true)).finally(() => {
      i.state = 'terminated';
    }),
  );
}

/** TerminateInstances: every ID must exist; each instance's host is destroyed. */
export const terminateInstances: ActionHandler = (ctx) => {
  const ids = strings(ctx.params, 'InstanceId');
  const list = ids.map((id) => {
    const i = ctx.state.instances.get(id);
    if (!i) throw new Ec2ApiError('InvalidInstanceID.NotFound', `The instance ID '${id}' does not exist`);
    return i;
  });
  const out = list.map((i) => {
    const previous = i.state;
    terminate(ctx, i);
    return {
      instanceId: i.id,
      previousState: {
        code: { pending: 0, running: 16, 'shutting-down': 32, terminated: 48 }[previous],
        name: previous,
      },
      currentState: { code: i.state === 'terminated' ? 48 : 32, name: i.state },
    };
  });
  return { instancesSet: items(out) };
};
