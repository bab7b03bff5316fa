import { randomBytes } from 'node:crypto';
import type { HostRecord } from '../hosts/host-record.js';

/** An instance status as GCE reports it (a deleted instance is gone from the fake, as from GCE). */
export type GceInstanceStatus = 'PROVISIONING' | 'STAGING' | 'RUNNING' | 'STOPPING' | 'TERMINATED';

/** One instance of the fake; while PROVISIONING or RUNNING it is (becoming) a real rig host. */
export interface GceInstance {
  id: string;
  name: string;
  zone: string;
  machineType: string;
  status: GceInstanceStatus;
  statusMessage?: string;
  labels: Record<string, string>;
  /** Network tags (`tags.items`), which firewall rules target. */
  networkTags: string[];
  metadata: Array<{ key: string; value: string }>;
  /** `scheduling` as given: preemptible, provisioningModel (`SPOT`), instanceTerminationAction. */
  scheduling: { preemptible: boolean; provisioningModel: string; instanceTerminationAction?: string };
  diskSizeGb: number;
  sourceImage: string;
  creationTimestamp: string;
  host?: HostRecord;
}

/** One VPC firewall rule (GCE's firewalls carry no labels: they are found by name, description and tags). */
export interface GceFirewall {
  id: string;
  name: string;
  description: string;
  network: string;
  direction: string;
  sourceRanges: string[];
  sourceTags: string[];
  targetTags: string[];
  allowed: Array<{ IPProtocol: string; ports?: string[] }>;
  creationTimestamp: string;
}

/** A zone or global operation: RUNNING until its work is done, then DONE (with `error` when it failed). */
export interface GceOperation {
  id: string;
  name: string;
  /** Zone name for a zone operation; undefined for a global one. */
  zone?: string;
  operationType: string;
  targetLink: string;
  targetId: string;
  status: 'RUNNING' | 'DONE';
  error?: { errors: Array<{ code: string; message: string }> };
  insertTime: string;
  endTime?: string;
  /** Settles when the operation is DONE. */
  done: Promise<void>;
}

/** Everything the fake cloud holds, for one project. */
export interface GceState {
  instances: Map<string, GceInstance>;
  firewalls: Map<string, GceFirewall>;
  operations: Map<string, GceOperation>;
  /** How many of the next inserted instances boot a failing script instead of theirs (the rig's failNextBoots). */
  failBoots?: number;
}

/** A GCE-style numeric resource ID (a 19-digit decimal string). */
export function numericId(): string {
  return ((BigInt(`0x${randomBytes(8).toString('hex')}`) % 9_000_000_000_000_000_000n) + 1_000_000_000_000_000_000n)
    .toString()
    .padStart(19, '1');
}

/** An operation name as GCE makes them (`operation-<ms>-<hex>`). */
export function operationName(): string {
  return `operation-${Date.now()}-${randomBytes(6).toString('hex')}`;
}
