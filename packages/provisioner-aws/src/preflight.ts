import type {
  DescribeAvailabilityZonesCommandOutput,
  DescribeInstanceTypesCommandOutput,
  DescribeSecurityGroupsCommandOutput,
} from '@aws-sdk/client-ec2';
import type { Ec2 } from './ec2.js';
import { ClusterExistsError, ClusterOptionError } from './errors.js';
import type { NodeTypeSpec } from './node-type.js';
import { clusterInstances } from './instances.js';
import { TAG_CLUSTER } from './tags.js';

/** Re-throw an AWS error of the given codes as a user error; anything else as it is. */
async function refuse<T>(work: Promise<T>, codes: readonly string[], make: () => Error): Promise<T> {
  try {
    return await work;
  } catch (error) {
    const code = (error as { awsCode?: string }).awsCode;
    if (code !== undefined && codes.includes(code)) throw make();
    throw error;
  }
}

/** The zone exists in its region (this is also the first request, so missing credentials show here). */
export async function checkZone(ec2: Ec2, zone: string): Promise<void> {
  await refuse(
    ec2.send<DescribeAvailabilityZonesCommandOutput>(
      'DescribeAvailabilityZones',
      (sdk) => new sdk.DescribeAvailabilityZonesCommand({ ZoneNames: [zone] }),
    ),
    ['InvalidParameterValue'],
    () =>
      new ClusterOptionError(
        'UNKNOWN_ZONE',
        `The availability zone '${zone}' does not exist in region ${ec2.region}: pass an existing zone with -z/--zone, e.g. ${ec2.region}a.`,
      ),
  );
}

/** Every instance type of these node types exists; resolves with each type's vCPUs and memory (MiB). */
export async function checkNodeTypes(
  ec2: Ec2,
  specs: readonly NodeTypeSpec[],
): Promise<Map<string, { vcpus: number; memoryMiB: number }>> {
  const shapes = new Map<string, { vcpus: number; memoryMiB: number }>();
  for (const spec of specs) {
    for (const type of spec.instanceTypes) {
      if (shapes.has(type)) continue;
      const out = await refuse(
        ec2.send<DescribeInstanceTypesCommandOutput>(
          'DescribeInstanceTypes',
          (sdk) => new sdk.DescribeInstanceTypesCommand({ InstanceTypes: [type as never] }),
        ),
        ['InvalidInstanceType', 'InvalidParameterValue'],
        () =>
          new ClusterOptionError(
            'UNKNOWN_NODE_TYPE',
            `The node type '${spec.text}' names '${type}', which is not an EC2 instance type in ${ec2.region}: use one such as t2.medium or c5.large.`,
          ),
      );
      const info = out.InstanceTypes?.[0];
      shapes.set(type, { vcpus: info?.VCpuInfo?.DefaultVCpus ?? 1, memoryMiB: info?.MemoryInfo?.SizeInMiB ?? 1024 });
    }
  }
  return shapes;
}

/** The key pair exists in the region. */
export async function checkKeyPair(ec2: Ec2, keyPairName: string): Promise<void> {
  await refuse(
    ec2.send('DescribeKeyPairs', (sdk) => new sdk.DescribeKeyPairsCommand({ KeyNames: [keyPairName] })),
    ['InvalidKeyPair.NotFound'],
    () =>
      new ClusterOptionError(
        'NO_SUCH_KEY_PAIR',
        `The key pair '${keyPairName}' does not exist in region ${ec2.region}: import your public key first (aws ec2 import-key-pair --key-name ${keyPairName} ...) or pass another --keyPairName.`,
      ),
  );
}

/** No instance or security group of this cluster name exists yet. */
export async function checkNameFree(ec2: Ec2, clusterName: string): Promise<void> {
  const live = await clusterInstances(ec2, clusterName);
  const groups = await ec2.send<DescribeSecurityGroupsCommandOutput>(
    'DescribeSecurityGroups',
    (sdk) => new sdk.DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: [clusterName] }] }),
  );
  if (live.length > 0 || (groups.SecurityGroups ?? []).length > 0) throw new ClusterExistsError(clusterName);
}

/** The cluster's own security groups (tagged with its name; a same-named group someone else made is not ours). */
export async function clusterGroups(ec2: Ec2, clusterName: string): Promise<string[]> {
  const out = await ec2.send<DescribeSecurityGroupsCommandOutput>(
    'DescribeSecurityGroups',
    (sdk) =>
      new sdk.DescribeSecurityGroupsCommand({ Filters: [{ Name: `tag:${TAG_CLUSTER}`, Values: [clusterName] }] }),
  );
  return (out.SecurityGroups ?? []).map((g) => g.GroupId!);
}
