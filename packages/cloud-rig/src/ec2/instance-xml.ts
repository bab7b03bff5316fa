import type { FakeCloudState, FakeInstance } from './state.js';
import { FAKE_VPC, STATE_CODES } from './state.js';
import { items, tagItems, type XmlObject } from './xml.js';

/** The fake's one subnet (the rig's bridge). */
export const FAKE_SUBNET = 'subnet-0a11fa4e000000001';

/** An instance as DescribeInstances and RunInstances lay it out. */
export function instanceXml(state: FakeCloudState, i: FakeInstance): XmlObject {
  const ip = i.state === 'pending' || i.state === 'running' ? i.host?.ip : undefined;
  return {
    instanceId: i.id,
    imageId: i.imageId,
    instanceState: { code: STATE_CODES[i.state], name: i.state },
    privateDnsName: ip ? (i.host?.name ?? '') : '',
    dnsName: '',
    reason: i.stateReason ? i.stateReason.message : '',
    keyName: i.keyName,
    amiLaunchIndex: 0,
    instanceType: i.type,
    launchTime: i.launchTime,
    placement: { availabilityZone: i.zone, groupName: '', tenancy: 'default' },
    monitoring: { state: 'disabled' },
    subnetId: FAKE_SUBNET,
    vpcId: FAKE_VPC,
    // The rig has one network, so the "public" address is the bridge address too.
    privateIpAddress: ip,
    ipAddress: ip,
    groupSet: items(i.groupIds.map((id) => ({ groupId: id, groupName: state.securityGroups.get(id)?.name ?? '' }))),
    stateReason: i.stateReason,
    architecture: 'x86_64',
    rootDeviceType: 'ebs',
    rootDeviceName: i.deviceName,
    blockDeviceMapping: items([
      {
        deviceName: i.deviceName,
        ebs: { volumeId: i.volumeId, status: 'attached', attachTime: i.launchTime, deleteOnTermination: true },
      },
    ]),
    instanceLifecycle: i.lifecycle,
    tagSet: tagItems(i.tags),
  };
}
