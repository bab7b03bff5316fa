/**
 * The autoscaled workflow of issue 14 through the real CLI on the cloud rig (tooling/start-cloud-rig.sh), where only
 * the EC2 API is a fake: launch-cluster (a leader whose Slurm answers) → rsync-cluster a workflow up → ssh-cluster
 * `toil run` on the leader with an `aws:` store on the test S3 server, `--batchSystem slurm --provisioner aws`:
 * the leader's autoscaler starts workers (real hosts that join its Slurm), the jobs run on at least two of them,
 * idle workers are removed, the right answer comes back; destroy-cluster then leaves no instance, host, namespace
 * or security group. Figures (launch and workflow time) are printed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorLines, fixture, runToil, type RunResult } from './helpers/cli.js';
import { uniqueStoreName } from './helpers/s3.js';
import { startRig, stopRig } from './helpers/rig.js';
import { waitUntil } from './helpers/background.js';

const ROOT = resolve(import.meta.dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'toil-cluster-autoscale-e2e-'));
const key = join(tmp, 'id_ed25519');
// A rig of its own (id, subnet, ports), so this file runs beside cluster-commands and the faults' files; the GCE
// fake's port is moved off its default (8775), which is this rig's EC2 port on the same bridge address.
const rigEnv: Record<string, string> = {
  TOIL_RIG_ID: 'ascal',
  TOIL_RIG_SUBNET: '221',
  TOIL_RIG_PORT: '8775',
  TOIL_RIG_GCE_PORT: '8785',
};
const JOBS = 8;
const NAP_MS = 5000;
let env: Record<string, string> = {};

interface Run {
  i: number;
  host: string;
  start: number;
  end: number;
}

function toil(args: string[], timeoutMs = 180_000): Promise<RunResult> {
  return runToil(args, { env, timeoutMs });
}

/** The rig's live hosts (instances not yet terminated). */
function hosts(): string[] {
  return readdirSync(join(env.TOIL_RIG_STATE!, 'hosts'));
}

/** The time of a leader log line (`[ISO] INFO toil: ...`) matching `pattern`, in ms since the epoch. */
function loggedAt(stderr: string, pattern: RegExp): number[] {
  return stderr
    .split('\n')
    .filter((line) => pattern.test(line))
    .map((line) => Date.parse(/^\[([^\]]+)\]/.exec(line)![1]!));
}

describe('an autoscaled workflow on a fake-backed EC2 cluster with Slurm', { timeout: 600_000 }, () => {
  beforeAll(() => {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'e2e', '-f', key]);
    const exported = startRig(rigEnv, `${key}.pub`);
    expect(exported.TOIL_S3_HOST).toBe('10.77.221.1');
    env = {
      ...exported,
      TOIL_SSH_KEY: key,
      TOIL_HOME: join(tmp, 'toil-home'),
      SSH_AUTH_SOCK: '',
      // The leader's toil loads the provisioner and the aws: job store from this checkout (the rig's hosts share
      // its files); launch-cluster passes TOIL_PLUGINS on to the leader on a private EC2 endpoint.
      TOIL_PLUGINS: `${exported.TOIL_PLUGINS!},${join(ROOT, 'packages/jobstore-aws/dist/index.js')}`,
    };
  });
  afterAll(() => {
    stopRig(rigEnv);
    expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).not.toMatch(/trig-ascal-/);
    rmSync(tmp, { recursive: true, force: true });
  });

  it('adds workers for queued jobs, runs them on several hosts, removes idle ones, and destroys all of it', async () => {
    const launched = await toil([
      'launch-cluster',
      'as1',
      '--leaderNodeType',
      't2.medium',
      '--keyPairName',
      'toil-rig',
    ]);
    expect(launched.code, launched.stderr).toBe(0);
    const up = /Cluster as1 is up in ([\d.]+) s: leader (i-\w+) at (10\.77\.221\.\d+)/.exec(launched.stdout);
    expect(up, launched.stdout).not.toBeNull();
    const leaderHost = `ip-${up![3]!.replaceAll('.', '-')}`;
    expect(hosts()).toEqual([leaderHost]);

    // launch-cluster returned only once Slurm answered: the first sinfo, with no retry, sees the partition up.
    const sinfo = await toil(['ssh-cluster', 'as1', 'sinfo -h -o "%P %a"']);
    expect(sinfo.stdout, sinfo.stderr).toBe('toil* up\n');
    // The leader's autoscaler settings: in a 0600 file, and the secret in no boot log.
    const envFile = await toil(['ssh-cluster', 'as1', 'stat -c %a /root/.toil/cluster.env; echo "$TOIL_AWS_KEY_PAIR"']);
    expect(envFile.stdout).toBe('600\ntoil-rig\n');
    const secret = env.AWS_SECRET_ACCESS_KEY!;
    expect(secret.length).toBeGreaterThan(8);
    expect(readFileSync(join(env.TOIL_RIG_STATE!, 'hosts', leaderHost, 'log', 'boot.log'), 'utf8')).not.toContain(
      secret,
    );
    expect(readFileSync(join(env.TOIL_RIG_STATE!, 'rig.log'), 'utf8')).not.toContain(secret);

    const sent = await toil(['rsync-cluster', 'as1', fixture('cluster-hosts.ts'), ':']);
    expect(sent.code, sent.stderr).toBe(0);
    const store = `aws:us-east-1:${uniqueStoreName('autoscale')}`;
    const run = await toil(
      [
        'ssh-cluster',
        'as1',
        [
          `toil run cluster-hosts.ts ${store} --job hostFan --args '[${JOBS},${NAP_MS}]'`,
          '--batchSystem slurm --statePollingWait 0.5 --defaultMemory 256M --logLevel INFO',
          '--provisioner aws --nodeTypes t2.small,t2.medium:0.02 --maxNodes 3',
          '--scaleInterval 1 --targetTime 1 --betaInertia 0',
        ].join(' '),
      ],
      480_000,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(errorLines(run.stderr)).toEqual([]);
    const result = JSON.parse(run.stdout) as { sum: number; runs: Run[] };
    expect(result.sum).toBe(Array.from({ length: JOBS }, (_, i) => i * i).reduce((a, b) => a + b, 0));
    expect(result.runs.map((r) => r.i)).toEqual(Array.from({ length: JOBS }, (_, i) => i));

    // The jobs ran on workers the autoscaler started, at least two of them, never on the leader.
    const used = [...new Set(result.runs.map((r) => r.host))].sort();
    expect(used.length, JSON.stringify(result.runs)).toBeGreaterThanOrEqual(2);
    for (const host of used) expect(host).toMatch(/^ip-10-77-221-\d+$/);
    expect(used).not.toContain(leaderHost);
    // An on-demand t2.small for the root job and the tally (not preemptible), spot t2.medium workers at the bid for
    // the preemptible fanned-out jobs, which ran only there.
    expect(run.stderr).toMatch(/Autoscaler: adding 1 node\(s\) of type 't2\.small' .*; 1 started/);
    const spot = /Autoscaler: adding (\d+) node\(s\) of type 't2\.medium:0\.02' .*; (\d+) started/.exec(run.stderr);
    expect(spot, run.stderr).not.toBeNull();
    expect(Number(spot![2])).toBe(Number(spot![1]));
    // Idle workers went while the workflow still ran (not only at its end), and every worker went by the end.
    const removed = loggedAt(run.stderr, /Autoscaler: node type '.*' has .* removed [1-9]\d* idle/);
    const finished = loggedAt(run.stderr, /Finished the workflow in/)[0]!;
    expect(removed.length, run.stderr).toBeGreaterThanOrEqual(2);
    expect(removed[0]!).toBeLessThan(finished);
    await waitUntil('only the leader is left', () => hosts().join() === leaderHost, 120_000);
    const queue = await toil(['ssh-cluster', 'as1', 'squeue -h | wc -l']);
    expect(queue.stdout.trim()).toBe('0');

    // Figures (queued job to a new node is measured by e2e/bench/cluster.mjs, with Slurm's log).
    const figures = {
      launchClusterSeconds: Number(up![1]),
      workflowSeconds: Number(/Finished the workflow in ([\d.]+) s/.exec(run.stderr)![1]),
      hosts: used.length,
    };
    console.log(`cluster autoscale figures: ${JSON.stringify(figures)}`);

    const destroyed = await toil(['destroy-cluster', 'as1']);
    expect(destroyed.code, destroyed.stderr).toBe(0);
    // The leader alone is left to terminate (every worker went already); what else destroy reports may grow.
    expect(destroyed.stdout).toMatch(/^Cluster as1 destroyed: 1 instances, 1 security groups\b/);
    expect(hosts()).toEqual([]);
    expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).not.toMatch(/trig-ascal-/);
    expect(existsSync(join(env.TOIL_RIG_STATE!, 'hosts', leaderHost))).toBe(false);
    const again = await toil(['destroy-cluster', 'as1']);
    expect(again.code).not.toBe(0);
    expect(errorLines(again.stderr)).toEqual([expect.stringContaining("No cluster named 'as1' exists")]);
  });
});
