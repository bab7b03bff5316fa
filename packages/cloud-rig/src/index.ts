/**
 * @toil/cloud-rig: real test hosts (network namespaces with their own address, hostname, /root and sshd) and a
 * fake EC2 API whose instances are those hosts. Test-only and private; needs root.
 */
export { HostManager } from './hosts/host-manager.js';
export type { HostRecord } from './hosts/host-record.js';
export type { HostSpec } from './hosts/host-create.js';
export { rigLayout, type RigConfig, type RigLayout } from './hosts/rig-config.js';
export { bootPaths } from './hosts/boot.js';
export { Ec2Fake, type Ec2FakeOptions } from './ec2/server.js';
export type { FakeCloudState, FakeInstance, FakeSecurityGroup, FakeKeyPair } from './ec2/state.js';
export { INSTANCE_TYPES, spotPrice, type InstanceTypeInfo } from './ec2/catalog.js';
export { GceFake, type GceFakeOptions } from './gce/server.js';
export type { GceState, GceInstance, GceFirewall, GceOperation } from './gce/state.js';
export { MACHINE_TYPES, ZONES, type MachineTypeInfo } from './gce/catalog.js';
