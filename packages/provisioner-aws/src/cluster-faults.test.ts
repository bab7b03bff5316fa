import { BatchJobExitReason, type Logger, type ProvisionedNode } from '@toil/core/backend';
import { parseOptions } from '@toil/core';
import { ClusterScaler } from '@toil/core/internal';
import { SlurmBatchSystem } from '@toil/batch-slurm';
import { shellJobSpec, waitFor } from '@toil/batch-grid/testing';
import { Ec2Fake, HostManager, type HostRecord } from '@toil/cloud-rig';
import { testConfig } from '@toil/testing';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsProvisioner, type AwsProvisionerSettings } from './aws-provisioner.js';
import { AwsCluster } from './cluster.js';
import { SshRunner } from './testing/ssh-runner.js';

/**
 * The autoscaler's fault handling on real hosts: core's ClusterScaler, this provisioner against the rig's fake
 * EC2 (real hosts), and @toil/batch-slurm running Slurm's commands on the cluster's leader over ssh, as the
 * leader's Toil does. A worker whose boot fails is replaced; a spot worker reclaimed mid-job gives its job back
 * as lost and leaves no record in sinfo; a busy node is never removed.
 */

const tmp = mkdtempSync(join(tmpdir(), 'prov-faults-'));
const hosts = new HostManager({ id: 'tf', subnet: 232, stateRoot: join(tmp, 'state') });
const fake = new Ec2Fake({ hosts, listenHost: hosts.layout.bridgeIp, accessKeyId: 'AKIDFAULTTEST' });
const keyPath = join(tmp, 'id_ed25519');
const cli = resolve(import.meta.dirname, '../../../apps/cli/dist/cli.js');
const lines: string[] = [];
const log: Logger = {
  debug: () => {},
  info: (m: string) => void lines.push(`INFO ${m}`),
  warn: (m: string) => void lines.push(`WARN ${m}`),
  error: (m: string) => void lines.push(`ERROR ${m}`),
  enabled: () => true,
};

let leaderHost: HostRecord;
let settings: AwsProvisionerSettings;
let runner: SshRunner;
let slurm: SlurmBatchSystem;

async function bootExit(host: HostRecord): Promise<string> {
  for (let i = 0; i < 600; i += 1) {
    try {
      return readFileSync(join(host.dir, 'boot.exit'), 'utf8').trim();
    } catch {
      await sleep(50);
    }
  }
  throw new Error(`the boot of ${host.name} never ended`);
}

/** `sinfo` on the leader: `name state` per node. */
async function sinfo(): Promise<string[]> {
  const out = await runner.run(['sinfo', '-h', '-N', '-o', '%N %t']);
  return out.stdout.split('\n').filter(Boolean).sort();
}

async function until<T>(what: string, probe: () => Promise<T>, ok: (v: T) => boolean, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after ${ms} ms`);
    await sleep(250);
  }
}

/** One node listed, with its host name (a pending instance has no address yet). */
function named(nodes: ProvisionedNode[]): boolean {
  return nodes.length === 1 && /\d$/.test(nodes[0]!.name);
}

function scalerConfig(options: Record<string, unknown>) {
  return parseOptions(
    { provisioner: 'aws', betaInertia: 0, scaleInterval: 3600, ...options },
    { jobStore: join(tmp, 'js'), env: {} },
  );
}

describe('fake-backed autoscaler faults on real hosts (EC2 fake, Slurm on the rig)', { timeout: 300_000 }, () => {
  beforeAll(async () => {
    await hosts.up();
    await fake.start();
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', keyPath]);
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_EC2: fake.endpoint,
      AWS_ACCESS_KEY_ID: 'AKIDFAULTTEST',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_EC2_METADATA_DISABLED: 'true',
      TOIL_AWS_AMI: 'ami-0a11fa4e00000001',
      TOIL_AWS_ZONE: 'us-west-2a',
      TOIL_CLUSTER_TOIL_CLI: cli,
    });
    const { EC2Client, ImportKeyPairCommand } = await import('@aws-sdk/client-ec2');
    const c = new EC2Client({ region: 'us-west-2' });
    await c.send(new ImportKeyPairCommand({ KeyName: 'fault-key', PublicKeyMaterial: readFileSync(`${keyPath}.pub`) }));
    c.destroy();
    const cluster = new AwsCluster({ clusterName: 'cf' });
    const leader = await cluster.launchCluster({
      leaderNodeType: 't2.medium',
      keyPairName: 'fault-key',
      tags: {},
      leaderStorage: 20,
      nodeStorage: 20,
      nodeStorageOverrides: {},
      workers: [],
      extraSecurityGroupIds: [],
    });
    cluster.close();
    leaderHost = fake.state.instances.get(leader.id)!.host!;
    expect(await bootExit(leaderHost)).toBe('0');
    settings = {
      clusterName: 'cf',
      keyPairName: 'fault-key',
      leaderAddress: leader.address,
      nodeStorage: 20,
      slurm: {
        mungeKey: readFileSync(join(leaderHost.dir, 'home/.toil/munge/munge.key')).toString('base64'),
        leaderName: leaderHost.name,
      },
    };
    runner = new SshRunner(leaderHost, readFileSync(keyPath));
    const workDir = mkdtempSync(join(tmp, 'work-'));
    slurm = new SlurmBatchSystem(
      {
        config: testConfig({ workDir, statePollingWait: 0.5 }),
        maxCores: Infinity,
        maxMemory: Infinity,
        maxDisk: Infinity,
        locator: 'memory:none',
        pluginPaths: {},
      },
      { runner },
    );
  });
  afterAll(async () => {
    await slurm?.shutdown();
    runner?.close();
    await fake.stop();
    await hosts.sweep();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('a worker whose boot fails shuts itself down and is reported and replaced at once, long before --nodeBootTimeout', async () => {
    const good = new AwsProvisioner(settings);
    // The first worker's user data carries a broken munge key: munged refuses it and the boot exits 1.
    const broken = new AwsProvisioner({ ...settings, slurm: { ...settings.slurm!, mungeKey: '' } });
    let adds = 0;
    const provisioner = {
      addNodes: (type: string, n: number, spot: boolean) => (adds++ ? good : broken).addNodes(type, n, spot),
      terminateNodes: (ids: readonly string[]) => good.terminateNodes(ids),
      getNodes: (spot?: boolean) => good.getNodes(spot),
      getNodeShape: (type: string) => good.getNodeShape(type),
    };
    // 600 s: only the node's own report can fail it within this test
    const config = scalerConfig({ nodeTypes: 't2.micro', minNodes: '1', maxNodes: '1', nodeBootTimeout: 600 });
    const scaler = await ClusterScaler.create({ provisioner, batch: slurm, config, log });
    expect((await scaler.check(false)).nodeTypes[0]).toMatchObject({ current: 0, desired: 1, added: 1 });
    const added = Date.now();
    const [first] = await good.getNodes();
    const firstHost = await until('the first worker', async () => fake.state.instances.get(first!.id)?.host, Boolean);
    expect(await bootExit(firstHost!)).not.toBe('0');
    expect(readFileSync(join(firstHost!.dir, 'log', 'boot.log'), 'utf8')).toMatch(
      /toil boot: failed \(exit [1-9]\d*\): shutting down\n$/,
    );

    const check = await until(
      'the failed boot noticed',
      () => scaler.check(false),
      (c) => (c.nodeTypes[0]!.bootFailed ?? []).length > 0,
      30_000,
    );
    const noticedAfter = (Date.now() - added) / 1000;
    expect(noticedAfter).toBeLessThan(30);
    expect(check.nodeTypes[0]).toMatchObject({ bootFailed: [first!.id], current: 0, desired: 1, added: 1 });
    expect(lines.filter((l) => l.startsWith('WARN'))).toEqual([
      expect.stringMatching(
        new RegExp(
          `^WARN Autoscaler: node ${first!.id} \\([^)]*, node type 't2\\.micro'\\) reported that its boot failed \\(the instance shut itself down: Client\\.InstanceInitiatedShutdown\\): terminating it$`,
        ),
      ),
    ]);
    await fake.settle();
    expect(fake.state.instances.get(first!.id)?.state).toBe('terminated');

    // EC2 still lists the first (terminated, with its reason): the replacement is the one without a boot failure
    const second = (await good.getNodes()).find((n) => n.bootFailure === undefined);
    expect(second!.id).not.toBe(first!.id);
    const joinedIn = Date.now();
    expect(await until('the replacement joined', sinfo, (s) => s.length === 1 && s[0]!.endsWith(' idle'))).toEqual([
      `${second!.name} idle`,
    ]);
    console.log(
      `failed boot replaced ${noticedAfter.toFixed(1)} s after the node was added (timeout 600 s); replacement joined Slurm in ${((Date.now() - joinedIn) / 1000).toFixed(1)} s`,
    );
    expect((await scaler.check(false)).nodeTypes[0]).toMatchObject({ current: 1, added: 0, removed: [] });

    // clean up for the next test: the final check at minNodes 0 removes the idle worker, and its Slurm record
    const end = await ClusterScaler.create({
      provisioner: good,
      batch: slurm,
      config: scalerConfig({ nodeTypes: 't2.micro' }),
      log,
    });
    expect((await end.check(true)).nodeTypes[0]!.removed).toEqual([second!.name]);
    expect(await until('sinfo empty', sinfo, (s) => s.length === 0)).toEqual([]);
  });

  it('gives the job of a reclaimed spot worker back as lost, forgets its record, runs the retry on a replacement, never removes a busy node', async () => {
    const provisioner = new AwsProvisioner(settings);
    const config = scalerConfig({ nodeTypes: 't2.small:0.05', maxNodes: '1' });
    const scaler = await ClusterScaler.create({ provisioner, batch: slurm, config, log });
    const issued = [
      {
        name: 'nap',
        displayName: 'nap',
        requirements: { cores: 1, memory: 2 ** 26, disk: 2 ** 20, accelerators: [], preemptible: true },
        service: false,
      },
    ];
    scaler.start({ issuedJobs: () => issued }); // its first check runs now; the next only in an hour
    const [spot] = await until('a spot worker with its address', () => provisioner.getNodes(), named);
    expect(spot).toMatchObject({ nodeType: 't2.small:0.05', preemptible: true });
    await until('the spot worker joined', sinfo, (s) => s.join() === `${spot!.name} idle`);

    const id = await slurm.issueBatchJob(shellJobSpec('sleep 600'));
    await waitFor(() => slurm.getRunningBatchJobIds().has(id), 60_000);
    expect([...(await slurm.getBusyNodes())]).toEqual([spot!.name]);

    // EC2 reclaims the spot instance mid-job: its host is gone; the next check forgets it and asks for another
    fake.interruptSpot(spot!.id);
    await fake.settle();
    const reclaimed = Date.now();
    const check = await scaler.check(false);
    expect(check.nodeTypes[0]).toMatchObject({ current: 0, added: 1 });
    const lost = await slurm.getUpdatedBatchJob(60_000);
    const lostAfter = (Date.now() - reclaimed) / 1000;
    expect(lost).toMatchObject({ batchJobId: id, exitReason: BatchJobExitReason.LOST });
    const [replacement] = await until('the replacement with its address', () => provisioner.getNodes(), named);
    expect(replacement!.id).not.toBe(spot!.id);
    // the reclaimed node's record is gone (now, or at the next check once Slurm has ended its job)
    const clean = await until(
      'sinfo without the reclaimed node',
      async () => (await scaler.check(false), await sinfo()),
      (s) => s.join() === `${replacement!.name} idle`,
    );
    expect(clean).toEqual([`${replacement!.name} idle`]);
    expect(lines).toContain(
      `INFO Autoscaler: node ${spot!.name} is gone from the cloud (terminated or reclaimed); removed from slurm, any job it ran comes back as lost`,
    );

    // the leader's retry of the lost job runs on the replacement
    const retry = await slurm.issueBatchJob(shellJobSpec('sleep 8'));
    await waitFor(() => slurm.getRunningBatchJobIds().has(retry), 60_000);
    expect([...(await slurm.getBusyNodes())]).toEqual([replacement!.name]);
    // the workflow's end (minNodes 0) while the retry runs: the busy node is drained, never terminated
    const final = await scaler.check(true);
    expect(final.nodeTypes[0]).toMatchObject({ removed: [], draining: [replacement!.name] });
    expect(fake.state.instances.get(replacement!.id)?.state).toBe('running');
    const done = await slurm.getUpdatedBatchJob(60_000);
    expect(done).toMatchObject({ batchJobId: retry, exitStatus: 0 });
    // idle now: it goes, and so does its record
    await until(
      'the drained node removed',
      () => scaler.check(true),
      (c) => c.nodeTypes[0]!.removed.length === 1,
    );
    expect(await until('sinfo empty', sinfo, (s) => s.length === 0)).toEqual([]);
    await scaler.stop();
    console.log(`a reclaimed spot node's job came back as lost ${lostAfter.toFixed(1)} s after the reclaim`);
  });
});
