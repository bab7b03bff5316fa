import { Ec2Fake, HostManager, type HostRecord } from '@toil/cloud-rig';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsCluster } from './cluster.js';
import { AwsProvisioner } from './aws-provisioner.js';
import type { LaunchClusterSpec } from './cluster-types.js';
import { requireTestS3Env } from './testing/s3-env.js';

const tmp = mkdtempSync(join(tmpdir(), 'prov-aws-'));
const hosts = new HostManager({ id: 'tp', subnet: 203, stateRoot: join(tmp, 'state') });
// destroy-cluster also looks for the cluster's job stores on S3: the test S3 server, whose key the fake accepts too.
const s3 = requireTestS3Env();
const fake = new Ec2Fake({ hosts, listenHost: hosts.layout.bridgeIp, accessKeyId: s3.AWS_ACCESS_KEY_ID! });
const keyPath = join(tmp, 'id_ed25519');
const cli = resolve(import.meta.dirname, '../../../apps/cli/dist/cli.js');

function spec(extra: Partial<LaunchClusterSpec> = {}): LaunchClusterSpec {
  return {
    leaderNodeType: 't2.medium',
    keyPairName: 'prov-key',
    tags: { Project: 'rig' },
    leaderStorage: 20,
    nodeStorage: 30,
    nodeStorageOverrides: { 't2.small': 40 },
    workers: [],
    extraSecurityGroupIds: [],
    ...extra,
  };
}

/** Run a command on a host over ssh2 with the cluster's key (the host key is checked against the rig's record). */
async function ssh(host: HostRecord, command: string): Promise<string> {
  const expected = Buffer.from(host.hostPublicKey!.split(' ')[1]!, 'base64');
  const conn = new Client();
  return new Promise((resolvePromise, reject) => {
    conn
      .on('ready', () =>
        conn.exec(command, (err, stream) => {
          if (err) return reject(err);
          let out = '';
          stream.on('data', (d: Buffer) => (out += d.toString()));
          stream.stderr.on('data', (d: Buffer) => (out += d.toString()));
          stream.on('close', () => {
            conn.end();
            resolvePromise(out);
          });
        }),
      )
      .on('error', reject)
      .connect({
        host: host.ip,
        username: 'root',
        privateKey: readFileSync(keyPath),
        hostVerifier: (k: Buffer) => k.equals(expected),
      });
  });
}

async function waitForBoot(host: HostRecord): Promise<string> {
  for (let i = 0; i < 200; i += 1) {
    try {
      return readFileSync(join(host.dir, 'boot.exit'), 'utf8');
    } catch {
      await sleep(50);
    }
  }
  throw new Error('boot never ended');
}

describe('fake-backed AWS provisioner on real hosts', () => {
  beforeAll(async () => {
    await hosts.up();
    await fake.start();
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', keyPath]);
    Object.assign(process.env, s3, {
      AWS_ENDPOINT_URL_EC2: fake.endpoint,
      AWS_EC2_METADATA_DISABLED: 'true',
      TOIL_AWS_AMI: 'ami-0a11fa4e00000001',
      TOIL_AWS_ZONE: 'us-west-2a',
      TOIL_CLUSTER_TOIL_CLI: cli,
    });
    const { EC2Client, ImportKeyPairCommand } = await import('@aws-sdk/client-ec2');
    const c = new EC2Client({ region: 'us-west-2' });
    await c.send(new ImportKeyPairCommand({ KeyName: 'prov-key', PublicKeyMaterial: readFileSync(`${keyPath}.pub`) }));
    c.destroy();
  });
  afterAll(async () => {
    await fake.stop();
    await hosts.sweep();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('launches a leader and workers with their group, tags, volumes and boot; lists, scales and destroys them', async () => {
    const cluster = new AwsCluster({ clusterName: 'c1' });
    const leader = await cluster.launchCluster(spec({ workers: [{ nodeType: 't2.small:0.05', count: 1 }] }));
    expect(leader.user).toBe('root');
    const instances = [...fake.state.instances.values()];
    const leaderInstance = fake.state.instances.get(leader.id)!;
    expect(leaderInstance.host?.ip).toBe(leader.address);
    expect(Object.fromEntries(leaderInstance.tags)).toEqual({
      Name: 'c1',
      Owner: 'prov-key',
      Project: 'rig',
      ToilClusterName: 'c1',
      ToilNodeType: 'leader',
    });
    expect(leaderInstance.volumeSize).toBe(20);
    expect(leaderInstance.lifecycle).toBeUndefined();
    const worker = instances.find((i) => i.id !== leader.id)!;
    expect([worker.type, worker.lifecycle, worker.maxPrice, worker.volumeSize]).toEqual([
      't2.small',
      'spot',
      '0.05',
      40,
    ]);
    const [group] = [...fake.state.securityGroups.values()];
    expect(group?.name).toBe('c1');
    expect(group?.ingress.map((p) => [p.protocol, p.from, p.cidrs, p.groups])).toEqual([
      ['tcp', 22, ['0.0.0.0/0'], []],
      ['-1', undefined, [], [group?.id]],
    ]);

    // the leader's boot ran: our toil first on root's PATH, the cluster's settings in its environment
    const host = leaderInstance.host!;
    expect(await waitForBoot(host)).toBe('0\n');
    const bootLog = readFileSync(join(host.dir, 'log', 'boot.log'), 'utf8');
    expect(bootLog).toContain('toil boot: leader of cluster c1');
    expect(bootLog).toContain('toil boot: done');
    const out = await ssh(host, 'command -v toil; echo $TOIL_CLUSTER_NAME $TOIL_NODE_ROLE; toil --help | head -1');
    expect(out.split('\n').slice(0, 2)).toEqual(['/root/bin/toil', 'c1 leader']);
    expect(out).toContain('toil <command>');

    expect((await cluster.getLeader()).id).toBe(leader.id);

    // Slurm: slurmctld on the leader, and the worker joined it as a dynamic node
    const workerHost = await (async () => {
      for (let i = 0; i < 100 && !worker.host; i += 1) await sleep(50);
      return worker.host!;
    })();
    expect(await waitForBoot(workerHost)).toBe('0\n');
    let nodesSeen = '';
    for (let i = 0; i < 60 && !nodesSeen.includes('idle'); i += 1) {
      nodesSeen = await ssh(host, 'sinfo -h -N -o "%N %t %c"');
      if (!nodesSeen.includes('idle')) await sleep(500);
    }
    expect(nodesSeen.trim()).toBe(`${workerHost.name} idle 1`);
    const job = await ssh(host, `srun -N1 -w ${workerHost.name} hostname`);
    expect(job.trim()).toBe(workerHost.name);

    // the autoscaler's side: add a worker of a type, list the workers, shapes, remove one
    Object.assign(process.env, { TOIL_CLUSTER_NAME: 'c1' });
    const prov = new AwsProvisioner({
      clusterName: 'c1',
      keyPairName: 'prov-key',
      leaderAddress: leader.address,
      nodeStorage: 25,
      // what provisionerSettings reads on the leader: its boot's munge key (the host's /root) and its name
      slurm: {
        mungeKey: readFileSync(join(host.dir, 'home/.toil/munge/munge.key')).toString('base64'),
        leaderName: host.name,
      },
    });
    expect(await prov.addNodes('t2.micro', 2, false)).toBe(2);
    // the autoscaler's workers join Slurm too
    for (let i = 0; i < 60 && (nodesSeen.match(/ idle /g) ?? []).length < 3; i += 1) {
      await sleep(500);
      nodesSeen = await ssh(host, 'sinfo -h -N -o "%N %t %c"');
    }
    expect((nodesSeen.match(/ idle /g) ?? []).length, nodesSeen).toBe(3);
    expect(await prov.addNodes('t2.micro:0.0001', 1, true)).toBe(0); // bid under the spot price: none start
    const nodes = await prov.getNodes();
    expect(nodes.map((n) => [n.nodeType, n.preemptible]).sort()).toEqual([
      ['t2.micro', false],
      ['t2.micro', false],
      ['t2.small:0.05', true],
    ]);
    expect((await prov.getNodes(true)).map((n) => n.id)).toEqual([worker.id]);
    expect(await prov.getNodeShape('c5.xlarge')).toEqual({ cores: 4, memory: (8192 - 256) * 1024 * 1024 });
    await prov.terminateNodes([worker.id]);
    await fake.settle();
    expect(fake.state.instances.get(worker.id)?.state).toBe('terminated');

    const removed = await cluster.destroyCluster();
    expect(removed).toEqual({ instances: 3, securityGroups: 1 });
    await fake.settle();
    expect([...fake.state.instances.values()].every((i) => i.state === 'terminated')).toBe(true);
    expect(fake.state.securityGroups.size).toBe(0);
    expect(await hosts.list()).toEqual([]);
    cluster.close();
  });

  it('refuses bad input in one line before anything is created', async () => {
    const before = fake.state.instances.size;
    const launch = async (name: string, s: Partial<LaunchClusterSpec>, zone?: string) =>
      new AwsCluster({ clusterName: name, zone }).launchCluster(spec(s));
    await expect(launch('c2', { keyPairName: 'nokey' })).rejects.toThrow(
      "The key pair 'nokey' does not exist in region us-west-2",
    );
    await expect(launch('c2', { leaderNodeType: 't9.huge' })).rejects.toThrow(
      "The node type 't9.huge' names 't9.huge', which is not an EC2 instance type",
    );
    await expect(launch('c2', { workers: [{ nodeType: 't2.micro:cheap', count: 1 }] })).rejects.toThrow(
      "The node type 't2.micro:cheap' has a malformed spot bid",
    );
    await expect(launch('c2', {}, 'us-west-2z')).rejects.toThrow(
      "The availability zone 'us-west-2z' does not exist in region us-west-2",
    );
    await expect(launch('C_2', {})).rejects.toThrow("The cluster name 'C_2' is not allowed");
    await expect(new AwsCluster({ clusterName: 'ghost' }).destroyCluster()).rejects.toThrow(
      "No cluster named 'ghost' exists",
    );
    const saved = process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_ACCESS_KEY_ID;
    await expect(launch('c2', {})).rejects.toThrow('No AWS credentials found');
    process.env.AWS_ACCESS_KEY_ID = 'AKIDSOMEONEELSE';
    await expect(launch('c2', {})).rejects.toThrow('EC2 refused the AWS credentials (AuthFailure)');
    process.env.AWS_ACCESS_KEY_ID = saved;
    expect(fake.state.instances.size).toBe(before);
    expect(fake.state.securityGroups.size).toBe(0);

    // a name in use is refused, and the refused launch leaves the first cluster as it was
    const first = new AwsCluster({ clusterName: 'c3' });
    await first.launchCluster(spec());
    const count = fake.state.instances.size;
    await expect(launch('c3', {})).rejects.toThrow("A cluster named 'c3' already exists");
    expect(fake.state.instances.size).toBe(count);
    expect(await first.destroyCluster()).toEqual({ instances: 1, securityGroups: 1 });
  });
});
