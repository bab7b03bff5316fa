import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DeleteSecurityGroupCommand,
  DescribeInstancesCommand,
  DescribeInstanceTypesCommand,
  DescribeKeyPairsCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  ImportKeyPairCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
  type Instance,
} from '@aws-sdk/client-ec2';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostManager } from '../hosts/host-manager.js';
import { run } from '../hosts/exec.js';
import { isAlive } from '../hosts/pids.js';
import { makeKeyPair } from '../testing/keys.js';
import { sshExec } from '../testing/ssh-exec.js';
import { Ec2Fake } from './server.js';

const tmp = mkdtempSync(join(tmpdir(), 'rig-ec2-'));
const hosts = new HostManager({ id: 'te', subnet: 202, stateRoot: join(tmp, 'state') });
const fake = new Ec2Fake({ hosts, listenHost: hosts.layout.bridgeIp, accessKeyId: 'AKIDRIGTEST' });
const keys = makeKeyPair(tmp);
let ec2: EC2Client;

function client(accessKeyId: string): EC2Client {
  return new EC2Client({
    endpoint: fake.endpoint,
    region: 'us-west-2',
    credentials: { accessKeyId, secretAccessKey: 'secret' },
    maxAttempts: 1,
  });
}

async function describe1(id: string): Promise<Instance> {
  const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
  return out.Reservations![0]!.Instances![0]!;
}

async function waitState(id: string, state: string): Promise<Instance> {
  for (let i = 0; i < 200; i += 1) {
    const inst = await describe1(id);
    if (inst.State?.Name === state) return inst;
    await sleep(50);
  }
  throw new Error(`${id} never reached ${state}`);
}

describe('fake-backed EC2 API (real SDK requests, real hosts)', () => {
  beforeAll(async () => {
    await hosts.up();
    await fake.start();
    ec2 = client('AKIDRIGTEST');
  });
  afterAll(async () => {
    ec2?.destroy();
    await fake.stop();
    await hosts.sweep();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('runs an instance as a real host: key pair, security group, tags, user data, root volume, spot bid', async () => {
    await ec2.send(new ImportKeyPairCommand({ KeyName: 'rig-key', PublicKeyMaterial: Buffer.from(keys.publicKey) }));
    const keysOut = await ec2.send(new DescribeKeyPairsCommand({ KeyNames: ['rig-key'] }));
    expect(keysOut.KeyPairs?.map((k) => k.KeyName)).toEqual(['rig-key']);
    const sg = await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'c1', Description: 'cluster c1' }));
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: sg.GroupId,
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
          { IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: sg.GroupId }] },
        ],
      }),
    );
    const groups = await ec2.send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['c1'] }] }),
    );
    expect(groups.SecurityGroups?.[0]?.IpPermissions?.map((p) => [p.IpProtocol, p.FromPort])).toEqual([
      ['tcp', 22],
      ['-1', undefined],
    ]);

    const out = await ec2.send(
      new RunInstancesCommand({
        ImageId: 'ami-0123456789abcdef0',
        InstanceType: 't2.medium',
        MinCount: 1,
        MaxCount: 1,
        KeyName: 'rig-key',
        SecurityGroupIds: [sg.GroupId!],
        UserData: Buffer.from('#!/bin/sh\necho "boot of $(hostname)" > /root/boot-mark\n').toString('base64'),
        Placement: { AvailabilityZone: 'us-west-2b' },
        BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 64 } }],
        InstanceMarketOptions: { MarketType: 'spot', SpotOptions: { MaxPrice: '0.02' } },
        TagSpecifications: [
          {
            ResourceType: 'instance',
            Tags: [
              { Key: 'Name', Value: 'c1' },
              { Key: 'ToilNodeType', Value: 'leader' },
            ],
          },
        ],
      }),
    );
    const id = out.Instances![0]!.InstanceId!;
    expect(out.Instances![0]!.State?.Name).toBe('pending');
    const inst = await waitState(id, 'running');
    expect(inst.InstanceLifecycle).toBe('spot');
    expect(inst.Placement?.AvailabilityZone).toBe('us-west-2b');
    expect(inst.SecurityGroups?.map((g) => g.GroupName)).toEqual(['c1']);
    expect(inst.Tags?.find((t) => t.Key === 'ToilNodeType')?.Value).toBe('leader');
    expect(fake.state.instances.get(id)?.volumeSize).toBe(64);
    const ip = inst.PrivateIpAddress!;
    expect(ip).toMatch(/^10\.77\.202\.\d+$/);
    const host = fake.state.instances.get(id)!.host!;

    // the key pair's key logs in as root; the user data ran as the host's boot
    for (let i = 0; i < 100 && !existsSync(join(host.dir, 'boot.exit')); i += 1) await sleep(50);
    const r = await sshExec(ip, keys.privateKey, host.hostPublicKey!, 'hostname; cat /root/boot-mark');
    expect(r.stdout).toBe(`${host.name}\nboot of ${host.name}\n`);

    const filtered = await ec2.send(
      new DescribeInstancesCommand({
        Filters: [
          { Name: 'tag:Name', Values: ['c1'] },
          { Name: 'instance-state-name', Values: ['pending', 'running'] },
        ],
      }),
    );
    expect(filtered.Reservations?.flatMap((res) => res.Instances!.map((i) => i.InstanceId))).toEqual([id]);

    // a group in use cannot be deleted; after termination it can, and the host is gone
    await expect(ec2.send(new DeleteSecurityGroupCommand({ GroupId: sg.GroupId }))).rejects.toMatchObject({
      name: 'DependencyViolation',
    });
    const term = await ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    expect(term.TerminatingInstances?.[0]?.CurrentState?.Name).toBe('shutting-down');
    await waitState(id, 'terminated');
    expect(await isAlive(host.sshdPid!)).toBe(false);
    expect(await run('ip', ['netns', 'list'])).not.toContain(host.netns);
    await ec2.send(new DeleteSecurityGroupCommand({ GroupId: sg.GroupId }));
    expect(fake.state.securityGroups.size).toBe(0);
  });

  it('refuses bad requests as EC2 does, before creating anything', async () => {
    const launch = (extra: Record<string, unknown>) =>
      ec2.send(
        new RunInstancesCommand({
          ImageId: 'ami-0123456789abcdef0',
          InstanceType: 't2.micro',
          MinCount: 1,
          MaxCount: 1,
          ...extra,
        }),
      );
    const before = fake.state.instances.size;
    await expect(launch({ KeyName: 'nope' })).rejects.toMatchObject({
      name: 'InvalidKeyPair.NotFound',
      message: "The key pair 'nope' does not exist",
    });
    await expect(launch({ InstanceType: 't9.huge' })).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    await expect(launch({ Placement: { AvailabilityZone: 'eu-west-1a' } })).rejects.toMatchObject({
      message: 'Invalid availability zone: [eu-west-1a]',
    });
    await expect(
      launch({ InstanceMarketOptions: { MarketType: 'spot', SpotOptions: { MaxPrice: '0.0001' } } }),
    ).rejects.toMatchObject({ name: 'SpotMaxPriceTooLow' });
    await expect(
      ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: ['t9.huge' as never] })),
    ).rejects.toMatchObject({
      name: 'InvalidInstanceType',
    });
    const types = await ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: ['c5.xlarge'] }));
    expect(types.InstanceTypes?.[0]).toMatchObject({ VCpuInfo: { DefaultVCpus: 4 }, MemoryInfo: { SizeInMiB: 8192 } });
    const wrongKey = client('AKIDSOMEONEELSE');
    await expect(wrongKey.send(new DescribeInstancesCommand({}))).rejects.toMatchObject({ name: 'AuthFailure' });
    wrongKey.destroy();
    expect(fake.state.instances.size).toBe(before);
    expect(await hosts.list()).toEqual([]);
  });
});
