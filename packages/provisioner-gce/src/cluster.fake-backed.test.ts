import { GceFake, HostManager, type HostRecord } from '@toil/cloud-rig';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GceCluster } from './cluster.js';
import type { LaunchClusterSpec } from './cluster-types.js';
import { GceProvisioner } from './gce-provisioner.js';
import { gceSettings } from './settings.js';

const tmp = mkdtempSync(join(tmpdir(), 'prov-gce-'));
const hosts = new HostManager({ id: 'tq', subnet: 214, stateRoot: join(tmp, 'state') });
const fake = new GceFake({ hosts, listenHost: hosts.layout.bridgeIp, project: 'toil-test', token: 'tok-gce-1' });
const keyPath = join(tmp, 'id_ed25519');
const cli = resolve(import.meta.dirname, '../../../apps/cli/dist/cli.js');

function spec(extra: Partial<LaunchClusterSpec> = {}): LaunchClusterSpec {
  return {
    leaderNodeType: 'e2-medium',
    keyPairName: 'toil',
    tags: { project: 'rig' },
    leaderStorage: 20,
    nodeStorage: 30,
    nodeStorageOverrides: { 'e2-small': 40 },
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
  for (let i = 0; i < 400; i += 1) {
    try {
      return readFileSync(join(host.dir, 'boot.exit'), 'utf8');
    } catch {
      await sleep(50);
    }
  }
  throw new Error('boot never ended');
}

async function idleNodes(leader: HostRecord, count: number): Promise<string> {
  let seen = '';
  for (let i = 0; i < 60 && (seen.match(/ idle /g) ?? []).length < count; i += 1) {
    if (i > 0) await sleep(500);
    seen = await ssh(leader, 'sinfo -h -N -o "%N %t %c"');
  }
  return seen;
}

function byName(name: string) {
  return [...fake.state.instances.values()].find((i) => i.name === name);
}

describe('fake-backed GCE provisioner on real hosts', () => {
  beforeAll(async () => {
    await hosts.up();
    await fake.start();
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', keyPath]);
    Object.assign(process.env, {
      TOIL_GCE_PROJECT: 'toil-test',
      TOIL_GCE_ZONE: 'us-west1-a',
      TOIL_GCE_ENDPOINT: fake.endpoint,
      TOIL_GCE_ACCESS_TOKEN: 'tok-gce-1',
      TOIL_GCE_SSH_PUBLIC_KEY: `${keyPath}.pub`,
      TOIL_CLUSTER_TOIL_CLI: cli,
      // no metadata server here: the default credential chain must not wait for one
      METADATA_SERVER_DETECTION: 'none',
    });
  });
  afterAll(async () => {
    await fake.stop();
    await hosts.sweep();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('launches a leader and a spot worker that joins Slurm; scales, preempts, lists and destroys only the cluster', async () => {
    const started = Date.now();
    const cluster = new GceCluster({ clusterName: 'c1' });
    const leader = await cluster.launchCluster(spec({ workers: [{ nodeType: 'e2-small:0.05', count: 1 }] }));
    const launchSeconds = (Date.now() - started) / 1000;
    const leaderInstance = byName('c1-leader')!;
    expect(leader).toEqual({ id: leaderInstance.id, address: leaderInstance.host!.ip, user: 'root' });
    expect(leaderInstance.labels).toEqual({
      owner: 'toil',
      project: 'rig',
      'toil-cluster': 'c1',
      'toil-node-type': 'leader',
    });
    expect([
      leaderInstance.machineType,
      leaderInstance.diskSizeGb,
      leaderInstance.scheduling.provisioningModel,
    ]).toEqual(['e2-medium', 20, 'STANDARD']);
    expect(leaderInstance.networkTags).toEqual(['toil-c1']);
    expect(leaderInstance.metadata.find((m) => m.key === 'ssh-keys')?.value).toBe(
      `toil:${readFileSync(`${keyPath}.pub`, 'utf8').trim()}`,
    );
    const worker = [...fake.state.instances.values()].find((i) => i.name.startsWith('c1-w-'))!;
    expect([worker.machineType, worker.diskSizeGb, worker.scheduling, worker.labels['toil-node-spec']]).toEqual([
      'e2-small',
      40,
      { preemptible: false, provisioningModel: 'SPOT', instanceTerminationAction: 'DELETE' },
      'e2-small_p0_d05',
    ]);
    expect(
      [...fake.state.firewalls.values()].map((f) => [f.name, f.sourceRanges, f.sourceTags, f.targetTags, f.allowed]),
    ).toEqual([
      ['c1-toil-ssh', ['0.0.0.0/0'], [], ['toil-c1'], [{ IPProtocol: 'tcp', ports: ['22'] }]],
      ['c1-toil-internal', [], ['toil-c1'], ['toil-c1'], [{ IPProtocol: 'all' }]],
    ]);

    // the leader's startup script ran as its boot: our toil first on root's PATH, the cluster's settings
    const host = leaderInstance.host!;
    expect(await waitForBoot(host)).toBe('0\n');
    expect(readFileSync(join(host.dir, 'log', 'boot.log'), 'utf8')).toContain('toil boot: leader of cluster c1');
    const out = await ssh(
      host,
      'command -v toil; echo $TOIL_CLUSTER_NAME $TOIL_GCE_PROJECT $TOIL_GCE_ZONE; toil --help | head -1',
    );
    expect(out.split('\n').slice(0, 2)).toEqual(['/root/bin/toil', 'c1 toil-test us-west1-a']);
    expect(out).toContain('toil <command>');
    expect((await cluster.getLeader()).id).toBe(leader.id);

    // Slurm: the spot worker joined the leader's slurmctld as a dynamic node with e2-small's 2 vCPUs, and runs jobs
    const workerHost = worker.host!;
    expect(await waitForBoot(workerHost)).toBe('0\n');
    expect((await idleNodes(host, 1)).trim()).toBe(`${workerHost.name} idle 2`);
    expect((await ssh(host, `srun -N1 -w ${workerHost.name} hostname`)).trim()).toBe(workerHost.name);

    // the plugin's provisioner on the leader itself, from what its boot wrote, reaches GCE and lists the worker
    const dist = resolve(import.meta.dirname, '../dist/index.js');
    const onLeader = await ssh(
      host,
      `. /root/.toil/cluster.env; node --input-type=module -e "const { plugin } = await import('${dist}');` +
        ' const p = (await plugin.load()).create({ nodeStorage: 30 }); const nodes = await p.getNodes();' +
        ' console.log(JSON.stringify(nodes.map((n) => [n.nodeType, n.preemptible, n.name]))); await p.close();"',
    );
    expect(onLeader.trim()).toBe(JSON.stringify([['e2-small:0.05', true, workerHost.name]]));

    // the autoscaler's side, with what provisionerSettings reads on a leader (its boot's munge key, its name)
    const prov = new GceProvisioner({
      clusterName: 'c1',
      gce: gceSettings(undefined),
      keyPairName: 'toil',
      sshKeys: `toil:${readFileSync(`${keyPath}.pub`, 'utf8').trim()}`,
      leaderAddress: leader.address,
      nodeStorage: 25,
      slurm: {
        mungeKey: readFileSync(join(host.dir, 'home/.toil/munge/munge.key')).toString('base64'),
        leaderName: host.name,
      },
    });
    expect(await prov.addNodes('e2-micro', 1, false)).toBe(1);
    const added = [...fake.state.instances.values()].find((i) => i.machineType === 'e2-micro')!;
    expect([added.diskSizeGb, added.scheduling.provisioningModel]).toEqual([25, 'STANDARD']);
    expect(await waitForBoot(added.host!)).toBe('0\n');
    expect((await idleNodes(host, 2)).match(/ idle /g)).toHaveLength(2);
    const nodes = await prov.getNodes();
    expect(nodes.map((n) => [n.nodeType, n.preemptible]).sort()).toEqual([
      ['e2-micro', false],
      ['e2-small:0.05', true],
    ]);
    expect((await prov.getNodes(true)).map((n) => [n.id, n.name])).toEqual([[worker.name, workerHost.name]]);
    expect(await prov.getNodeShape('n2-standard-2')).toEqual({ cores: 2, memory: (8192 - 256) * 1024 * 1024 });

    // GCE reclaims the spot worker: it is gone (termination action DELETE), and the provisioner no longer lists it
    await fake.preempt(worker.name);
    expect(byName(worker.name)).toBeUndefined();
    expect((await prov.getNodes()).map((n) => n.nodeType)).toEqual(['e2-micro']);
    await prov.terminateNodes([added.name]);
    expect(byName(added.name)).toBeUndefined();
    await prov.close();

    // destroy removes the cluster's instances and rules, and nothing else: another instance and rule stay
    const other = new GceCluster({ clusterName: 'other' });
    await other.launchCluster(spec());
    const removed = await cluster.destroyCluster();
    expect(removed).toEqual({ instances: 1, securityGroups: 2 });
    expect([...fake.state.instances.values()].map((i) => i.name)).toEqual(['other-leader']);
    expect([...fake.state.firewalls.keys()]).toEqual(['other-toil-ssh', 'other-toil-internal']);
    expect(await other.destroyCluster()).toEqual({ instances: 1, securityGroups: 2 });
    expect(await hosts.list()).toEqual([]);
    expect(fake.state.firewalls.size).toBe(0);
    await cluster.close();
    await other.close();
    console.log(`GCE fake-backed launch of a leader and one worker: ${launchSeconds.toFixed(1)} s`);
  });

  it('refuses bad input in one line before anything is created', async () => {
    const launch = async (name: string, s: Partial<LaunchClusterSpec>, zone?: string) => {
      const c = new GceCluster({ clusterName: name, zone });
      try {
        return await c.launchCluster(spec(s));
      } finally {
        await c.close();
      }
    };
    await expect(launch('c2', { leaderNodeType: 'z9-huge' })).rejects.toThrow(
      "The node type 'z9-huge' names 'z9-huge', which is not a machine type in zone us-west1-a",
    );
    await expect(launch('c2', { workers: [{ nodeType: 'e2-small:cheap', count: 1 }] })).rejects.toThrow(
      "The node type 'e2-small:cheap' has a malformed bid",
    );
    await expect(launch('c2', { leaderNodeType: 't2.medium' })).rejects.toThrow(
      "The node type 't2.medium' is not a GCE machine type list",
    );
    await expect(launch('c2', {}, 'us-west1-q')).rejects.toThrow("The zone 'us-west1-q' does not exist in GCE");
    await expect(launch('c2', {}, 'us-west-2a')).rejects.toThrow("'us-west-2a' is not a GCE zone");
    await expect(launch('C_2', {})).rejects.toThrow("The cluster name 'C_2' is not allowed");
    await expect(launch('c2', { tags: { Project: 'x' } })).rejects.toThrow("The tag 'Project=x' cannot be a GCE label");
    await expect(new GceCluster({ clusterName: 'ghost' }).destroyCluster()).rejects.toThrow(
      "No cluster named 'ghost' exists in zone us-west1-a",
    );
    const env = process.env;
    const saved = { ...env };
    try {
      delete env.TOIL_GCE_ACCESS_TOKEN;
      delete env.GOOGLE_APPLICATION_CREDENTIALS;
      env.HOME = tmp; // no gcloud application-default credentials either
      await expect(launch('c2', {})).rejects.toThrow('No Google credentials found');
      env.TOIL_GCE_ACCESS_TOKEN = 'someone-elses-token';
      await expect(launch('c2', {})).rejects.toThrow('Compute Engine refused the credentials');
      env.TOIL_GCE_ACCESS_TOKEN = saved.TOIL_GCE_ACCESS_TOKEN;
      env.TOIL_GCE_PROJECT = 'nobodys-project';
      await expect(launch('c2', {})).rejects.toThrow("The project 'nobodys-project' was not found");
      delete env.TOIL_GCE_PROJECT;
      await expect(launch('c2', {})).rejects.toThrow('No Google Cloud project given');
      env.TOIL_GCE_PROJECT = saved.TOIL_GCE_PROJECT;
      env.TOIL_GCE_SSH_PUBLIC_KEY = join(tmp, 'missing.pub');
      await expect(launch('c2', {})).rejects.toThrow("No ssh public key for --keyPairName 'toil'");
    } finally {
      Object.assign(env, saved);
    }
    expect(fake.state.instances.size).toBe(0);
    expect(fake.state.firewalls.size).toBe(0);

    // a name in use is refused, and the refused launch leaves the first cluster as it was
    await launch('c3', {});
    await expect(launch('c3', {})).rejects.toThrow("A cluster named 'c3' already exists");
    expect([...fake.state.instances.values()].map((i) => i.name)).toEqual(['c3-leader']);
    const c3 = new GceCluster({ clusterName: 'c3' });
    expect(await c3.destroyCluster()).toEqual({ instances: 1, securityGroups: 2 });
    await c3.close();
  });
});
