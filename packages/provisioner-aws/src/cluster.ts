import type { CreateSecurityGroupCommandOutput } from '@aws-sdk/client-ec2';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ClusterLeader, ClusterSettings, LaunchClusterSpec } from './cluster-types.js';
import { Ec2 } from './ec2.js';
import { NoSuchClusterError } from './errors.js';
import { addressOf, clusterInstances, nodeName, runInstances, terminateAndWait, waitForState } from './instances.js';
import { parseNodeType, type NodeTypeSpec } from './node-type.js';
import { checkKeyPair, checkNameFree, checkNodeTypes, checkZone, clusterGroups } from './preflight.js';
import { checkClusterName, imageId } from './settings.js';
import { instanceTags, TAG_CLUSTER, TAG_NODE_TYPE } from './tags.js';
import { leaderEnvironment } from './leader-env.js';
import { userData } from './user-data.js';
import { launcherCli, toilVersion } from './launcher.js';
import { resolveZone } from './zone.js';

/** One named cluster on EC2: `launch-cluster`, `destroy-cluster` and the leader lookup of the other commands. */
export class AwsCluster {
  readonly clusterName: string;
  readonly zone: string;
  readonly ec2: Ec2;

  constructor(
    settings: ClusterSettings,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.clusterName = checkClusterName(settings.clusterName);
    const { zone, region } = resolveZone(settings.zone, env);
    this.zone = zone;
    this.ec2 = new Ec2(region);
  }

  /** Every check first, then the security group, the leader and any static workers; undone on failure. */
  async launchCluster(spec: LaunchClusterSpec): Promise<ClusterLeader> {
    const leaderType = parseNodeType(spec.leaderNodeType);
    const workerTypes: Array<{ spec: NodeTypeSpec; count: number }> = spec.workers.map((w) => ({
      spec: parseNodeType(w.nodeType),
      count: w.count,
    }));
    const ami = imageId();
    const leaderEnv = leaderEnvironment(spec.keyPairName, this.env);
    await checkZone(this.ec2, this.zone);
    const shapes = await checkNodeTypes(this.ec2, [leaderType, ...workerTypes.map((w) => w.spec)]);
    await checkKeyPair(this.ec2, spec.keyPairName);
    await checkNameFree(this.ec2, this.clusterName);

    const created: string[] = [];
    let groupId: string | undefined;
    try {
      groupId = await this.createSecurityGroup();
      const groups = [groupId, ...spec.extraSecurityGroupIds];
      const common = {
        zone: this.zone,
        imageId: ami,
        keyPairName: spec.keyPairName,
        securityGroupIds: groups,
        subnetId: spec.vpcSubnet,
        instanceProfileArn: spec.instanceProfileArn,
      };
      const boot = {
        clusterName: this.clusterName,
        zone: this.zone,
        launcherCli: launcherCli(),
        version: toilVersion(),
      };
      // One munge key per cluster, made here and given to every node in its user data.
      const slurm = { clusterName: this.clusterName, mungeKey: randomBytes(1024).toString('base64') };
      const [leaderId] = await runInstances(this.ec2, {
        ...common,
        instanceType: leaderType.instanceTypes[0]!,
        count: 1,
        storage: spec.leaderStorage,
        tags: instanceTags(this.clusterName, spec.keyPairName, spec.tags, 'leader'),
        userData: userData({
          ...boot,
          role: 'leader',
          slurm: { ...slurm, role: 'leader' },
          // The leader's own autoscaler (`toil run --provisioner aws` there) adds workers with these.
          env: leaderEnv,
        }),
      });
      created.push(leaderId!);
      const [leader] = await waitForState(this.ec2, [leaderId!], 'running');
      for (const w of workerTypes) {
        const type = w.spec.instanceTypes[0]!;
        const ids = await runInstances(this.ec2, {
          ...common,
          instanceType: type,
          count: w.count,
          bid: w.spec.bid,
          storage: spec.nodeStorageOverrides[type] ?? spec.nodeStorage,
          terminateOnShutdown: true,
          tags: instanceTags(this.clusterName, spec.keyPairName, spec.tags, 'worker', w.spec.text),
          userData: userData({
            ...boot,
            role: 'worker',
            shutdownOnFailure: true,
            leaderAddress: addressOf(leader!),
            slurm: {
              ...slurm,
              role: 'worker',
              leader: { name: nodeName(leader!), address: addressOf(leader!) },
              cpus: shapes.get(type)?.vcpus,
              memoryMiB: Math.max((shapes.get(type)?.memoryMiB ?? 1024) - 256, 256),
            },
          }),
        });
        created.push(...ids);
      }
      if (created.length > 1) await waitForState(this.ec2, created.slice(1), 'running');
      return { id: leaderId!, address: addressOf(leader!), user: 'root' };
    } catch (error) {
      // Nothing half-made is left: what this launch created goes again, and the first failure is reported.
      await terminateAndWait(this.ec2, created).catch(() => undefined);
      if (groupId) await this.deleteGroup(groupId).catch(() => undefined);
      throw error;
    }
  }

  /** The running leader, or NoSuchClusterError. */
  async getLeader(): Promise<ClusterLeader> {
    const leaders = (await clusterInstances(this.ec2, this.clusterName, ['running'])).filter((i) =>
      i.Tags?.some((t) => t.Key === TAG_NODE_TYPE && t.Value === 'leader'),
    );
    const leader = leaders[0];
    if (!leader) throw new NoSuchClusterError(this.clusterName);
    return { id: leader.InstanceId!, address: addressOf(leader), user: 'root' };
  }

  /**
   * Terminate every instance of the cluster (their volumes go with them), then its security groups. Its job stores
   * are not the provisioner's: `toil destroy-cluster` removes them next through the store plugins (core's
   * `destroyWholeCluster`), so an account without S3 rights still loses its instances.
   */
  async destroyCluster(): Promise<{ instances: number; securityGroups: number }> {
    const instances = await clusterInstances(this.ec2, this.clusterName);
    const groups = await clusterGroups(this.ec2, this.clusterName);
    if (instances.length === 0 && groups.length === 0) throw new NoSuchClusterError(this.clusterName);
    await terminateAndWait(
      this.ec2,
      instances.map((i) => i.InstanceId!),
    );
    for (const g of groups) await this.deleteGroup(g);
    return { instances: instances.length, securityGroups: groups.length };
  }

  /** Close the EC2 client. */
  close(): void {
    this.ec2.close();
  }

  private async createSecurityGroup(): Promise<string> {
    const out = await this.ec2.send<CreateSecurityGroupCommandOutput>(
      'CreateSecurityGroup',
      (sdk) =>
        new sdk.CreateSecurityGroupCommand({
          GroupName: this.clusterName,
          Description: `Toil cluster ${this.clusterName}`,
          TagSpecifications: [
            { ResourceType: 'security-group', Tags: [{ Key: TAG_CLUSTER, Value: this.clusterName }] },
          ],
        }),
    );
    const groupId = out.GroupId!;
    // ssh from anywhere (the launcher); everything between the cluster's own nodes (slurmctld 6817, slurmd 6818,
    // srun's ephemeral ports, the job store traffic stays outside).
    await this.ec2.send(
      'AuthorizeSecurityGroupIngress',
      (sdk) =>
        new sdk.AuthorizeSecurityGroupIngressCommand({
          GroupId: groupId,
          IpPermissions: [
            { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
            { IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: groupId }] },
          ],
        }),
    );
    return groupId;
  }

  /** Delete a group, retrying while EC2 still counts a just-terminated instance as using it. */
  private async deleteGroup(groupId: string): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await this.ec2.send('DeleteSecurityGroup', (sdk) => new sdk.DeleteSecurityGroupCommand({ GroupId: groupId }));
        return;
      } catch (error) {
        if ((error as { awsCode?: string }).awsCode !== 'DependencyViolation' || attempt >= 30) throw error;
        await sleep(1_000);
      }
    }
  }
}
