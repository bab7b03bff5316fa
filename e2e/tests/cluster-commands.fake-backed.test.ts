/**
 * The cluster commands through the real CLI on the cloud rig (tooling/start-cloud-rig.sh): only the EC2 API is a
 * fake; every instance is a real host (network namespace, own address and hostname, real sshd) that the CLI
 * reaches over real ssh and rsync. launch-cluster → ssh-cluster → rsync-cluster → destroy-cluster, which must
 * leave no instance, host, namespace or security group; and the bad input that must fail before anything is made.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDefaultConfig } from '@toil/core';
import { AwsJobStore } from '@toil/jobstore-aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorLines, runToil, stackFrames, type RunResult } from './helpers/cli.js';
import { startRig, stopRig } from './helpers/rig.js';

const tmp = mkdtempSync(join(tmpdir(), 'toil-cluster-e2e-'));
const key = join(tmp, 'id_ed25519');
const rigEnv: Record<string, string> = {
  TOIL_RIG_ID: 'e2e',
  TOIL_RIG_SUBNET: '220',
  TOIL_RIG_PORT: '8774',
  // destroy-cluster also removes the cluster's job stores, so it asks the rig's S3 server which are the cluster's.
  TOIL_RIG_S3: '1',
};
let env: Record<string, string> = {};

function netns(): string {
  return execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
}

function toil(args: string[], extraEnv: Record<string, string> = {}): Promise<RunResult> {
  return runToil(args, { env: { ...env, ...extraEnv }, timeoutMs: 180_000 });
}

/** Run with the rig's variables (S3 server and credentials) and `extra` in this process's environment. */
async function withEnv<T>(extra: Record<string, string>, run: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  Object.assign(process.env, env, extra);
  try {
    return await run();
  } finally {
    process.env = saved;
  }
}

/** An aws: store made as `toil run` makes it on a cluster's leader, on the rig's S3 server. */
function storeOfCluster(cluster: string, name: string): Promise<AwsJobStore> {
  return withEnv({ TOIL_CLUSTER_NAME: cluster }, async () => {
    const store = new AwsJobStore(`aws:us-east-1:${name}`);
    await store.initialize(getDefaultConfig(store.locator));
    return store;
  });
}

function oneLine(result: RunResult): string {
  expect(result.code, result.stderr).not.toBe(0);
  expect(stackFrames(result.stderr), result.stderr).toEqual([]);
  const lines = errorLines(result.stderr);
  expect(lines, result.stderr).toHaveLength(1);
  return lines[0]!;
}

describe('cluster commands on the fake-backed EC2 rig', () => {
  beforeAll(() => {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'e2e', '-f', key]);
    const exported = startRig(rigEnv, `${key}.pub`);
    expect(Object.keys(exported)).toContain('AWS_ENDPOINT_URL_EC2');
    expect(exported.TOIL_PLUGINS).toMatch(/provisioner-aws\/dist\/index\.js$/);
    env = {
      ...exported,
      TOIL_SSH_KEY: key,
      TOIL_HOME: join(tmp, 'toil-home'),
      SSH_AUTH_SOCK: '',
      // The provisioner is a plugin the CLI does not depend on; start-cloud-rig.sh exports this for people.
      TOIL_PLUGINS: exported.TOIL_PLUGINS!,
    };
  });
  afterAll(() => {
    stopRig(rigEnv);
    expect(netns()).not.toMatch(/trig-e2e-/);
    rmSync(tmp, { recursive: true, force: true });
  });

  it('refuses bad input in one line before anything is created', async () => {
    const launch = (...extra: string[]) => {
      const args = ['--leaderNodeType', 't2.medium', '--keyPairName', 'toil-rig', ...extra];
      // a later value of an option replaces the default one here, so each case names only what it breaks
      const options = new Map<string, string>();
      for (let i = 0; i < args.length; i += 2) options.set(args[i]!, args[i + 1]!);
      return toil(['launch-cluster', 'bad', ...[...options].flat()]);
    };
    expect(oneLine(await launch('--keyPairName', 'nokey'))).toContain("The key pair 'nokey' does not exist");
    expect(oneLine(await launch('--leaderNodeType', 'm9.giant'))).toContain(
      "'m9.giant', which is not an EC2 instance type",
    );
    expect(oneLine(await launch('--nodeTypes', 't2.small:cheap', '-w', '1'))).toContain(
      "The node type 't2.small:cheap' has a malformed spot bid",
    );
    expect(oneLine(await launch('-z', 'us-west-2q'))).toContain("The availability zone 'us-west-2q' does not exist");
    expect(oneLine(await launch('-t', 'novalue'))).toContain("-t/--tag 'novalue' is not KEY=VALUE");
    expect(
      oneLine(
        await toil(['launch-cluster', 'bad', '--leaderNodeType', 't2.medium', '--keyPairName', 'toil-rig'], {
          AWS_ACCESS_KEY_ID: '',
          AWS_SECRET_ACCESS_KEY: '',
        }),
      ),
    ).toContain('No AWS credentials found');
    expect(oneLine(await toil(['destroy-cluster', 'ghost']))).toContain("No cluster named 'ghost' exists");
    expect(oneLine(await toil(['ssh-cluster', 'ghost', 'true']))).toContain("No cluster named 'ghost' exists");
    expect(readdirSync(join(env.TOIL_RIG_STATE!, 'hosts'))).toEqual([]);
  });

  it('launches a cluster, runs commands on its leader over ssh, rsyncs to it, and destroys all of it', async () => {
    const launched = await toil([
      'launch-cluster',
      'c1',
      '--leaderNodeType',
      't2.medium',
      '--keyPairName',
      'toil-rig',
      '--nodeTypes',
      't2.small',
      '-w',
      '1',
      '-t',
      'Project=e2e',
    ]);
    expect(launched.code, launched.stderr).toBe(0);
    const up = /Cluster c1 is up in ([\d.]+) s: leader (i-\w+) at (10\.77\.220\.\d+)/.exec(launched.stdout);
    expect(up, launched.stdout).not.toBeNull();
    console.log(`launch-cluster on the rig: ${up![1]} s (leader and one worker)`);
    expect(readdirSync(join(env.TOIL_RIG_STATE!, 'hosts'))).toHaveLength(2);

    // a second cluster of the same name is refused and changes nothing
    const again = await toil(['launch-cluster', 'c1', '--leaderNodeType', 't2.medium', '--keyPairName', 'toil-rig']);
    expect(oneLine(again)).toContain("A cluster named 'c1' already exists");

    const ssh = await toil(['ssh-cluster', 'c1', 'hostname; echo $TOIL_CLUSTER_NAME; toil --help | head -1; exit 7']);
    expect(ssh.code, ssh.stderr).toBe(7);
    const leaderName = `ip-${up![3]!.replaceAll('.', '-')}`;
    expect(ssh.stdout.split('\n').slice(0, 3)).toEqual([leaderName, 'c1', 'toil <command> [options]']);

    // Slurm runs on the cluster: the worker joined the leader's slurmctld as a dynamic node and runs a job
    let nodes = '';
    for (let i = 0; i < 30 && !/ idle$/m.test(nodes); i += 1) {
      nodes = (await toil(['ssh-cluster', 'c1', 'sinfo -h -N -o "%N %t"'])).stdout;
    }
    const worker = /^(ip-10-77-220-\d+) idle$/m.exec(nodes);
    expect(worker, nodes).not.toBeNull();
    const job = await toil(['ssh-cluster', 'c1', `srun -N1 -w ${worker![1]} hostname`]);
    expect(job.stdout).toBe(`${worker![1]}\n`);

    const src = join(tmp, 'up');
    await mkdir(src);
    writeFileSync(join(src, 'a.txt'), 'alpha\n');
    writeFileSync(join(src, 'b.txt'), 'beta\n');
    const first = await toil(['rsync-cluster', 'c1', '-a', '--itemize-changes', `${src}/`, ':up/']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/<f\+\+\+\+\+\+\+\+\+ a\.txt/);
    writeFileSync(join(src, 'b.txt'), 'beta two\n');
    const second = await toil(['rsync-cluster', 'c1', '-a', '--itemize-changes', `${src}/`, ':up/']);
    expect(second.stdout).not.toContain('a.txt'); // unchanged: not sent again
    expect(second.stdout).toContain('b.txt');
    const cat = await toil(['ssh-cluster', 'c1', 'cat', 'up/a.txt', 'up/b.txt']);
    expect(cat.stdout).toBe('alpha\nbeta two\n');
    const back = await toil(['rsync-cluster', 'c1', '-a', ':up/b.txt', join(tmp, 'back.txt')]);
    expect(back.code, back.stderr).toBe(0);

    // S3 refusing the credentials (the rig's EC2 checks only the key ID, the S3 server the signature) must not keep
    // the instances: they go, and S3 is one warning line saying how to look for stores by hand; exit 0.
    const destroyed = await toil(['destroy-cluster', 'c1'], { AWS_SECRET_ACCESS_KEY: 'wrong-secret' });
    expect(destroyed.code, destroyed.stderr).toBe(0);
    expect(destroyed.stdout).toBe('Cluster c1 destroyed: 2 instances, 1 security groups\n');
    expect(stackFrames(destroyed.stderr), destroyed.stderr).toEqual([]);
    const warned = errorLines(destroyed.stderr);
    expect(warned, destroyed.stderr).toHaveLength(1);
    expect(warned[0]).toMatch(
      /^toil: warning: could not list the job stores of cluster 'c1' on S3 .*SignatureDoesNotMatch/,
    );
    expect(warned[0]).toContain('Key=ToilClusterName,Values=c1');
    expect(readdirSync(join(env.TOIL_RIG_STATE!, 'hosts'))).toEqual([]);
    expect(netns()).not.toMatch(/trig-e2e-/);

    // A store made on c1's leader (TOIL_CLUSTER_NAME set, as its cluster.env sets it) that the refused listing left:
    // destroy-cluster finds it through the aws store plugin (the provisioner's own dependency) and names it.
    const store = await storeOfCluster('c1', `c1-${Date.now().toString(36)}`);
    const cleaned = await toil(['destroy-cluster', 'c1']);
    expect(cleaned.code, cleaned.stderr).toBe(0);
    // The region part is the listing's (AWS_REGION): radosgw names no bucket region, as AWS does in ListBuckets.
    const name = store.locator.split(':')[2]!;
    expect(cleaned.stdout).toMatch(
      new RegExp(
        `^Cluster c1 destroyed: 0 instances, 0 security groups, 1 job stores \\(aws:[a-z0-9-]+:${name}\\)\\n$`,
      ),
    );
    expect(await withEnv({}, () => new AwsJobStore(store.locator).exists())).toBe(false);
    expect(oneLine(await toil(['destroy-cluster', 'c1']))).toContain("No cluster named 'c1' exists");
  });
});
