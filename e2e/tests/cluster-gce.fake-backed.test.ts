/**
 * The cluster commands with `-p gce` through the real CLI on the cloud rig (tooling/start-cloud-rig.sh): only the
 * Compute Engine API is a fake; every instance is a real host (network namespace, own address and hostname, real
 * sshd) that the CLI reaches over real ssh. launch-cluster → ssh-cluster (Slurm across the hosts) →
 * destroy-cluster, which must leave no instance, host, namespace or firewall rule; and the bad input that must fail
 * before anything is made.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorLines, runToil, stackFrames, type RunResult } from './helpers/cli.js';
import { modulesResolvedBy } from './helpers/module-trace.js';
import { startRig, stopRig } from './helpers/rig.js';

const ROOT = resolve(import.meta.dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'toil-cluster-gce-e2e-'));
const key = join(tmp, 'id_ed25519');
// Its own rig (id, subnet, ports), so it runs beside the other cluster tests.
const rigEnv: Record<string, string> = {
  TOIL_RIG_ID: 'e2eg',
  TOIL_RIG_SUBNET: '231',
  TOIL_RIG_PORT: '8783',
  TOIL_RIG_GCE_PORT: '8784',
  TOIL_RIG_S3: '0',
};
let env: Record<string, string> = {};

function netns(): string {
  return execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
}

function toil(args: string[], extraEnv: Record<string, string> = {}): Promise<RunResult> {
  return runToil(args, { env: { ...env, ...extraEnv }, timeoutMs: 180_000 });
}

function oneLine(result: RunResult): string {
  expect(result.code, result.stderr).not.toBe(0);
  expect(stackFrames(result.stderr), result.stderr).toEqual([]);
  const lines = errorLines(result.stderr);
  expect(lines, result.stderr).toHaveLength(1);
  return lines[0]!;
}

function hosts(): string[] {
  return readdirSync(join(env.TOIL_RIG_STATE!, 'hosts'));
}

describe('cluster commands with -p gce on the fake-backed GCE rig', () => {
  beforeAll(() => {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'e2e', '-f', key]);
    const exported = startRig(rigEnv, `${key}.pub`);
    expect(exported.TOIL_GCE_ENDPOINT).toBe('http://10.77.231.1:8784');
    expect(exported.TOIL_GCE_SSH_PUBLIC_KEY).toBe(`${key}.pub`);
    expect(exported.TOIL_PLUGINS).toContain('provisioner-gce/dist/index.js');
    env = { ...exported, TOIL_SSH_KEY: key, TOIL_HOME: join(tmp, 'toil-home'), SSH_AUTH_SOCK: '', HOME: tmp };
  });
  afterAll(() => {
    stopRig(rigEnv);
    expect(netns()).not.toMatch(/trig-e2eg-/);
    rmSync(tmp, { recursive: true, force: true });
  });

  it('refuses bad input in one line before anything is created', async () => {
    const launch = (extra: string[], extraEnv: Record<string, string> = {}) =>
      toil(['launch-cluster', 'bad', '-p', 'gce', '--keyPairName', 'toil', ...extra], extraEnv);
    const leader = ['--leaderNodeType', 'e2-medium'];
    expect(oneLine(await launch(['--leaderNodeType', 'm9-giant']))).toContain(
      "The node type 'm9-giant' names 'm9-giant', which is not a machine type in zone us-west1-a",
    );
    expect(oneLine(await launch([...leader, '--nodeTypes', 'e2-small:cheap', '-w', '1']))).toContain(
      "The node type 'e2-small:cheap' has a malformed bid",
    );
    expect(oneLine(await launch([...leader, '-z', 'us-west1-q']))).toContain("The zone 'us-west1-q' does not exist");
    expect(oneLine(await launch(leader, { TOIL_GCE_PROJECT: '' }))).toContain('No Google Cloud project given');
    expect(oneLine(await launch(leader, { TOIL_GCE_ACCESS_TOKEN: '' }))).toContain('No Google credentials found');
    expect(oneLine(await launch(leader, { TOIL_GCE_ACCESS_TOKEN: 'stolen' }))).toContain(
      'Compute Engine refused the credentials',
    );
    expect(oneLine(await toil(['destroy-cluster', '-p', 'gce', 'ghost']))).toContain(
      "No cluster named 'ghost' exists in zone us-west1-a",
    );
    expect(oneLine(await toil(['ssh-cluster', '-p', 'gce', 'ghost', 'true']))).toContain("No cluster named 'ghost'");
    expect(hosts()).toEqual([]);
  });

  it('launches a cluster whose worker joins Slurm, runs commands on its leader, and destroys all of it', async () => {
    const args = ['launch-cluster', 'g1', '-p', 'gce', '--leaderNodeType', 'e2-medium', '--keyPairName', 'toil'];
    const launched = await toil([...args, '--nodeTypes', 'e2-small:0.02', '-w', '1', '-t', 'team=e2e']);
    expect(launched.code, launched.stderr).toBe(0);
    const up = /Cluster g1 is up in ([\d.]+) s: leader (\d+) at (10\.77\.231\.\d+)/.exec(launched.stdout);
    expect(up, launched.stdout).not.toBeNull();
    console.log(`launch-cluster -p gce on the rig: ${up![1]} s (leader and one spot worker)`);
    expect(hosts()).toHaveLength(2);
    expect(oneLine(await toil(args))).toContain("A cluster named 'g1' already exists");
    expect(hosts()).toHaveLength(2);

    const ssh = await toil([
      'ssh-cluster',
      '-p',
      'gce',
      'g1',
      'hostname; echo $TOIL_CLUSTER_NAME $TOIL_GCE_PROJECT; toil --help | head -1; exit 7',
    ]);
    expect(ssh.code, ssh.stderr).toBe(7);
    const leaderName = `ip-${up![3]!.replaceAll('.', '-')}`;
    expect(ssh.stdout.split('\n').slice(0, 3)).toEqual([leaderName, 'g1 toil-rig', 'toil <command> [options]']);

    let nodes = '';
    for (let i = 0; i < 30 && !/ idle$/m.test(nodes); i += 1) {
      nodes = (await toil(['ssh-cluster', '-p', 'gce', 'g1', 'sinfo -h -N -o "%N %t"'])).stdout;
    }
    const worker = /^(ip-10-77-231-\d+) idle$/m.exec(nodes);
    expect(worker, nodes).not.toBeNull();
    const job = await toil(['ssh-cluster', '-p', 'gce', 'g1', `srun -N1 -w ${worker![1]} hostname`]);
    expect(job.stdout).toBe(`${worker![1]}\n`);

    const destroyed = await toil(['destroy-cluster', '-p', 'gce', 'g1']);
    expect(destroyed.code, destroyed.stderr).toBe(0);
    expect(destroyed.stdout).toBe('Cluster g1 destroyed: 2 instances, 2 security groups\n');
    expect(hosts()).toEqual([]);
    expect(netns()).not.toMatch(/trig-e2eg-/);
    expect(oneLine(await toil(['destroy-cluster', '-p', 'gce', 'g1']))).toContain("No cluster named 'g1' exists");
  });

  it('loads @google-cloud/compute only on the first Compute Engine request, not with the plugin or its cluster', async () => {
    const pkg = join(ROOT, 'packages/provisioner-gce/dist/index.js');
    const script = (request: boolean) =>
      `const { plugin } = await import(${JSON.stringify(pkg)}); const loaded = await plugin.load();` +
      " const c = await loaded.clusters({ clusterName: 'lazy' });" +
      (request
        ? " await c.getLeader().catch((e) => { if (!/No cluster named 'lazy'/.test(e.message)) throw e; });"
        : '');
    const sdkLoads = async (request: boolean) => {
      const urls = await modulesResolvedBy(script(request), env);
      expect(urls.some((u) => u.includes('provisioner-gce'))).toBe(true);
      return urls.filter((u) => u.includes('@google-cloud/compute')).length;
    };
    expect(await sdkLoads(false)).toBe(0);
    expect(await sdkLoads(true)).toBeGreaterThan(0);
  });
});
