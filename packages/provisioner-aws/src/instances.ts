import type { Instance, RunInstancesCommandOutput, DescribeInstancesCommandOutput } from '@aws-sdk/client-ec2';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Ec2 } from './ec2.js';
import { AwsRequestError } from './errors.js';
import { TAG_CLUSTER } from './tags.js';

/** What one RunInstances call of the provisioner asks for. */
export interface LaunchRequest {
  instanceType: string;
  count: number;
  zone: string;
  imageId: string;
  keyPairName: string;
  securityGroupIds: string[];
  tags: Array<{ Key: string; Value: string }>;
  userData: string;
  /** Root volume in GB. */
  storage: number;
  /** Spot bid (USD per hour); on demand when undefined. */
  bid?: string;
  subnetId?: string;
  instanceProfileArn?: string;
  /** InstanceInitiatedShutdownBehavior=terminate: a worker whose failed boot shuts it down ends (user-data.ts). */
  terminateOnShutdown?: boolean;
}

/** Launch instances; resolves with their IDs (they are pending). */
export async function runInstances(ec2: Ec2, r: LaunchRequest): Promise<string[]> {
  const out = await ec2.send<RunInstancesCommandOutput>(
    'RunInstances',
    (sdk) =>
      new sdk.RunInstancesCommand({
        ImageId: r.imageId,
        InstanceType: r.instanceType as never,
        MinCount: r.count,
        MaxCount: r.count,
        KeyName: r.keyPairName,
        SecurityGroupIds: r.securityGroupIds,
        SubnetId: r.subnetId,
        Placement: { AvailabilityZone: r.zone },
        UserData: Buffer.from(r.userData).toString('base64'),
        BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: r.storage, DeleteOnTermination: true } }],
        IamInstanceProfile: r.instanceProfileArn ? { Arn: r.instanceProfileArn } : undefined,
        InstanceInitiatedShutdownBehavior: r.terminateOnShutdown ? 'terminate' : undefined,
        InstanceMarketOptions:
          r.bid === undefined
            ? undefined
            : { MarketType: 'spot', SpotOptions: { MaxPrice: r.bid, SpotInstanceType: 'one-time' } },
        TagSpecifications: [
          { ResourceType: 'instance', Tags: r.tags },
          { ResourceType: 'volume', Tags: r.tags },
        ],
      }),
  );
  return (out.Instances ?? []).map((i) => i.InstanceId!);
}

/** The cluster's instances in the given states (default: every state but terminated). */
export async function clusterInstances(
  ec2: Ec2,
  clusterName: string,
  states: readonly string[] = ['pending', 'running', 'stopping', 'stopped', 'shutting-down'],
): Promise<Instance[]> {
  const out = await ec2.send<DescribeInstancesCommandOutput>(
    'DescribeInstances',
    (sdk) =>
      new sdk.DescribeInstancesCommand({
        Filters: [
          { Name: `tag:${TAG_CLUSTER}`, Values: [clusterName] },
          { Name: 'instance-state-name', Values: [...states] },
        ],
      }),
  );
  return (out.Reservations ?? []).flatMap((r) => r.Instances ?? []);
}

/**
 * Wait until every instance is `running` (or `terminated`, when `state` says so); an instance that ends
 * terminated while waiting for running is a failure naming its reason (a host whose boot failed, no capacity).
 */
export async function waitForState(
  ec2: Ec2,
  ids: readonly string[],
  state: 'running' | 'terminated',
  timeoutMs = 600_000,
): Promise<Instance[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const out = await ec2.send<DescribeInstancesCommandOutput>(
      'DescribeInstances',
      (sdk) => new sdk.DescribeInstancesCommand({ InstanceIds: [...ids] }),
    );
    const list = (out.Reservations ?? []).flatMap((r) => r.Instances ?? []);
    const lost = list.find((i) => state === 'running' && i.State?.Name === 'terminated');
    if (lost) {
      throw new AwsRequestError(
        'RunInstances',
        'InstanceTerminated',
        `${lost.InstanceId} ended: ${lost.StateReason?.Message ?? 'no reason given'}`,
      );
    }
    if (list.length === ids.length && list.every((i) => i.State?.Name === state)) return list;
    if (Date.now() > deadline) {
      throw new AwsRequestError(
        'DescribeInstances',
        'Timeout',
        `instances ${ids.join(', ')} not ${state} after ${timeoutMs / 1000} s`,
      );
    }
    await sleep(250);
  }
}

/** Terminate instances and wait until they are gone. */
export async function terminateAndWait(ec2: Ec2, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await ec2.send('TerminateInstances', (sdk) => new sdk.TerminateInstancesCommand({ InstanceIds: [...ids] }));
  await waitForState(ec2, ids, 'terminated');
}

/** The address ssh uses: the public one when there is one, else the private one (inside a VPC, on the rig). */
export function addressOf(i: Instance): string {
  return i.PublicIpAddress ?? i.PrivateIpAddress ?? '';
}

/** The host name a node has (and registers with Slurm as): the first label of its private DNS name. */
export function nodeName(i: Instance): string {
  return (i.PrivateDnsName ?? '').split('.')[0] || `ip-${addressOf(i).replaceAll('.', '-')}`;
}
