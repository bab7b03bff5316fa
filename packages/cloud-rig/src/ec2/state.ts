import { randomBytes } from 'node:crypto';
import type { HostRecord } from '../hosts/host-record.js';

/** An EC2 instance state name with its numeric code, as DescribeInstances reports both. */
export const STATE_CODES = { pending: 0, running: 16, 'shutting-down': 32, terminated: 48 } as const;
/** A state name. */
export type InstanceStateName = keyof typeof STATE_CODES;

/** One instance of the fake; while pending or running it is a real rig host. */
export interface FakeInstance {
  id: string;
  reservationId: string;
  type: string;
  imageId: string;
  keyName?: string;
  zone: string;
  state: InstanceStateName;
  /** Why it stopped, when it did (`Server.SpotInstanceTermination`, `Server.InternalError`...). */
  stateReason?: { code: string; message: string };
  tags: Map<string, string>;
  groupIds: string[];
  userData?: string;
  /** RunInstances' InstanceInitiatedShutdownBehavior: `terminate` ends the instance when its host shuts down. */
  shutdownBehavior?: 'stop' | 'terminate';
  /** `spot` for a spot instance, undefined for on-demand. */
  lifecycle?: 'spot';
  maxPrice?: string;
  /** Root volume size in GiB and its volume ID. */
  volumeSize: number;
  volumeId: string;
  deviceName: string;
  launchTime: string;
  host?: HostRecord;
}

/** One security group of the fake. */
export interface FakeSecurityGroup {
  id: string;
  name: string;
  description: string;
  tags: Map<string, string>;
  ingress: Array<{ protocol: string; from?: number; to?: number; cidrs: string[]; groups: string[] }>;
}

/** One imported key pair. */
export interface FakeKeyPair {
  id: string;
  name: string;
  publicKey: string;
  fingerprint: string;
  tags: Map<string, string>;
}

/** Everything the fake cloud holds. */
export interface FakeCloudState {
  instances: Map<string, FakeInstance>;
  securityGroups: Map<string, FakeSecurityGroup>;
  keyPairs: Map<string, FakeKeyPair>;
}

/** An EC2-style resource ID: prefix and 17 hex digits. */
export function newId(prefix: string): string {
  return `${prefix}-${randomBytes(9).toString('hex').slice(0, 17)}`;
}

/** The VPC every instance and group of the fake belongs to (there is one: the rig's bridge). */
export const FAKE_VPC = 'vpc-0a11fa4e0000000001';
/** The account the fake's resources belong to. */
export const FAKE_OWNER = '123456789012';
