/**
 * Faults of an autoscaled cluster run on GCE (issue 14), through the real CLI on the cloud rig
 * (tooling/start-cloud-rig.sh), where only the Compute Engine API is a fake: a spot worker preempted mid-job during
 * `toil run` on the leader (GCE's SPOT with DELETE: the instance is gone, its job comes back from Slurm as lost and
 * is retried on another node, the workflow completes, sinfo forgets the node); a worker whose boot fails (the
 * fake's failNextBoots: the host runs but never joins Slurm), named in one log line, deleted and replaced; and the
 * leader's `toil run` killed -9 then `--restart`ed over ssh-cluster. Each on an `aws:` store on the test S3
 * server. The EC2 version is cluster-faults.fake-backed.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from './helpers/background.js';
import { errorLines, fixture, runToil, type RunResult } from './helpers/cli.js';
import {
  KILL_LEADER,
  leaderShell,
  recordingLeaderPid,
  sumOfSquares,
  type HostFanResult,
} from './helpers/cluster-faults.js';
import { startRig, stopRig } from './helpers/rig.js';
import { uniqueStoreName } from './helpers/s3.js';

const ROOT = resolve(import.meta.dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'toil-cluster-faults-gce-e2e-'));
const key = join(tmp, 'id_ed25519');
// A rig of its own (id, subnet, ports, none used by another test or benchmark), so this file runs beside the other
// cluster files.
const rigEnv: Record<string, string> = {
  TOIL_RIG_ID: 'gflt',
  TOIL_RIG_SUBNET: '243',
  TOIL_RIG_PORT: '8791',
  TOIL_RIG_GCE_PORT: '8792',
};
const CLUSTER = 'gf1';
let env: Record<string, string> = {};
let onLeader: (command: string) => Promise<string>;

/** GCE's view of one instance, the fields the test reads. */
interface Instance {
  name: string;
  status: string;
  hostname?: string;
  labels?: Record<string, string>;
  scheduling?: { provisioningModel?: string };
}

function toil(args: string[], timeoutMs = 180_000): Promise<RunResult> {
  return runToil(args, { env, timeoutMs });
}

/** A request to the rig's fake Compute Engine API under the project, with the rig's token. */
async function gce(method: string, path: string, body?: object): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${env.TOIL_GCE_ENDPOINT}/compute/v1/projects/${env.TOIL_GCE_PROJECT}/${path}`, {
    method,
    headers: { authorization: `Bearer ${env.TOIL_GCE_ACCESS_TOKEN}`, 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, json: await response.json() };
}

/** The cluster's workers as GCE lists them, with the host name Slurm knows each by. */
async function workers(): Promise<Array<Instance & { host: string }>> {
  const filter = encodeURIComponent(`labels.toil-cluster = "${CLUSTER}"`);
  const { json } = await gce('GET', `zones/${env.TOIL_GCE_ZONE}/instances?filter=${filter}`);
  return ((json as { items?: Instance[] }).items ?? [])
    .filter((i) => i.labels?.['toil-node-type'] === 'worker')
    .map((i) => ({ ...i, host: (i.hostname ?? '').split('.')[0]! }));
}

/** The rig's live hosts (instances not yet deleted). */
function hosts(): string[] {
  return readdirSync(join(env.TOIL_RIG_STATE!, 'hosts'));
}

/** Nodes running a job now, from squeue on the leader. */
async function busyNodes(): Promise<string[]> {
  return (await onLeader('squeue -h -t RUNNING -o %N')).split('\n').filter(Boolean);
}

const RUN_OPTIONS = [
  '--batchSystem slurm --statePollingWait 0.5 --defaultMemory 256M --logLevel INFO',
  '--provisioner gce --nodeTypes e2-small,e2-medium:0.02 --maxNodes 2',
  '--scaleInterval 1 --targetTime 1 --betaInertia 0',
].join(' ');

/** `toil run` of hostFan on the leader, with a fresh aws: store on the rig's S3 server. */
function hostFanCommand(label: string, jobs: number, napMs: number, extra = ''): string {
  const store = `aws:us-east-1:${uniqueStoreName(label)}`;
  return `toil run cluster-hosts.ts ${store} --job hostFan --args '[${jobs},${napMs}]' ${RUN_OPTIONS} ${extra}`.trim();
}

describe('faults of an autoscaled workflow on a fake-backed GCE cluster with Slurm', { timeout: 900_000 }, () => {
  beforeAll(async () => {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'e2e', '-f', key]);
    const exported = startRig(rigEnv, `${key}.pub`);
    expect(exported.TOIL_GCE_ENDPOINT).toBe('http://10.77.243.1:8792');
    env = {
      ...exported,
      TOIL_SSH_KEY: key,
      TOIL_HOME: join(tmp, 'toil-home'),
      SSH_AUTH_SOCK: '',
      HOME: tmp,
      // The leader's toil loads the provisioner and the aws: job store from this checkout (the rig's hosts share its
      // files); launch-cluster -p gce passes TOIL_PLUGINS on to the leader on a private Compute endpoint.
      TOIL_PLUGINS: `${exported.TOIL_PLUGINS!},${join(ROOT, 'packages/jobstore-aws/dist/index.js')}`,
    };
    const launched = await toil(
      ['launch-cluster', CLUSTER, '-p', 'gce', '--leaderNodeType', 'e2-medium', '--keyPairName', 'toil'],
      300_000,
    );
    expect(launched.code, launched.stderr).toBe(0);
    const address = /is up in [\d.]+ s: leader \S+ at (10\.77\.243\.\d+)/.exec(launched.stdout)?.[1];
    expect(address, launched.stdout).toBeDefined();
    onLeader = leaderShell(address!, key);
    const sent = await toil(['rsync-cluster', '-p', 'gce', CLUSTER, fixture('cluster-hosts.ts'), ':']);
    expect(sent.code, sent.stderr).toBe(0);
  }, 600_000);
  afterAll(() => {
    stopRig(rigEnv);
    expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).not.toMatch(/trig-gflt-/);
    rmSync(tmp, { recursive: true, force: true });
  });

  it('completes the workflow when a spot worker is preempted mid-job: the job is retried elsewhere', async () => {
    const jobs = 3;
    const running = toil(['ssh-cluster', '-p', 'gce', CLUSTER, hostFanCommand('gspot', jobs, 25_000)], 600_000);
    // a spot worker running one of the naps
    let victim: (Instance & { host: string }) | undefined;
    await waitUntil(
      'a spot worker runs a job',
      async () => {
        const busy = await busyNodes();
        victim = (await workers()).find((w) => w.scheduling?.provisioningModel === 'SPOT' && busy.includes(w.host));
        return victim !== undefined;
      },
      300_000,
    );
    // Google's documented way to test a spot VM's preemption; with termination action DELETE the VM goes.
    const preempted = await gce(
      'POST',
      `zones/${env.TOIL_GCE_ZONE}/instances/${victim!.name}/simulateMaintenanceEvent`,
    );
    expect(preempted.status, JSON.stringify(preempted.json)).toBe(200);
    const preemptedAt = Date.now();
    await waitUntil('the preempted VM is gone', async () => !(await workers()).some((w) => w.name === victim!.name));

    const run = await running;
    expect(run.code, run.stderr).toBe(0);
    expect(errorLines(run.stderr)).toEqual([]);
    const result = JSON.parse(run.stdout) as HostFanResult;
    expect(result.sum).toBe(sumOfSquares(jobs));
    // every nap has a result, none from the preempted VM: the one that ran there was retried on another node. (A
    // later VM may get the freed address, so its host name: a run there started after the preemption.)
    expect(result.runs.map((r) => r.i)).toEqual([0, 1, 2]);
    for (const r of result.runs.filter((x) => x.host === victim!.host)) expect(r.start).toBeGreaterThan(preemptedAt);
    expect(Math.max(...result.runs.map((r) => r.start))).toBeGreaterThan(preemptedAt - 1000);
    expect(run.stderr).toContain(
      `Autoscaler: node ${victim!.host} is gone from the cloud (terminated or reclaimed); removed from slurm, any job it ran comes back as lost`,
    );
    expect(run.stderr).toMatch(/job\(s\) were lost by the batch system; they will be retried|Job 'where'/);
    // Slurm keeps no record of the preempted node: every node sinfo lists is a live VM (a replacement may have
    // the preempted one's address, hence its name)
    const live = new Set((await workers()).map((w) => w.host));
    const listed = (await onLeader('sinfo -h -N -o %N')).split('\n').filter(Boolean);
    expect(listed.filter((n) => !live.has(n))).toEqual([]);
    const retried = Math.max(...result.runs.map((r) => r.start));
    const workflow = Number(/Finished the workflow in ([\d.]+) s/.exec(run.stderr)?.[1]);
    console.log(
      `cluster faults (gce) figures: ${JSON.stringify({ preemptToRetryStartSeconds: (retried - preemptedAt) / 1000, workflowSeconds: workflow })}`,
    );
  });

  it('reports a worker whose boot fails in one line naming it, deletes it and replaces it', async () => {
    // Start from the leader alone, so the next VM the autoscaler inserts is the one whose boot fails.
    await waitUntil('the last run left no worker', async () => (await workers()).length === 0, 180_000);
    const asked = await gce('POST', 'toilRig/failNextBoots', { count: 1 });
    expect(asked.json).toEqual({ failNextBoots: 1 });
    const jobs = 2;
    const running = toil(
      ['ssh-cluster', '-p', 'gce', CLUSTER, hostFanCommand('gboot', jobs, 2000, '--nodeBootTimeout 40')],
      600_000,
    );
    // The failed boot as the rig records it (the host's boot.exit), before the autoscaler deletes the VM.
    let failedHost: string | undefined;
    await waitUntil(
      'a worker boot fails',
      () => {
        failedHost = hosts().find((h) => {
          const exit = join(env.TOIL_RIG_STATE!, 'hosts', h, 'boot.exit');
          return existsSync(exit) && readFileSync(exit, 'utf8').trim() === '1';
        });
        return failedHost !== undefined;
      },
      300_000,
    );

    const run = await running;
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as HostFanResult;
    expect(result.sum).toBe(sumOfSquares(jobs));
    expect(result.runs.map((r) => r.i)).toEqual([0, 1]);
    // One WARN line names the VM (instance name, host, node type) and the timeout; no other node was taken for one.
    const reported = run.stderr.split('\n').filter((l) => l.includes('has not joined the slurm cluster'));
    expect(reported, run.stderr).toHaveLength(1);
    const named = new RegExp(
      `WARN.*Autoscaler: node (${CLUSTER}-w-[0-9a-f]{6}) \\(${failedHost}, node type '(e2-small|e2-medium:0\\.02)'\\) has not joined the slurm cluster \\d+ s after it was started \\(its boot failed or hangs, --nodeBootTimeout 40 s\\): terminating it`,
    ).exec(reported[0]!);
    expect(named, reported[0]).not.toBeNull();
    // deleted: GCE no longer has it (its address, hence its host name, may be a replacement's now)
    const gone = await gce('GET', `zones/${env.TOIL_GCE_ZONE}/instances/${named![1]}`);
    expect(gone.status).toBe(404);
    // replaced: the autoscaler started another of that type after it
    const added = [...run.stderr.matchAll(/Autoscaler: adding (\d+) node\(s\) of type '([^']+)' .*; (\d+) started/g)];
    const ofType = added.filter((m) => m[2] === named![2]).reduce((n, m) => n + Number(m[3]), 0);
    expect(ofType, run.stderr).toBeGreaterThanOrEqual(2);
  });

  it("restarts the workflow after the leader's toil run is killed -9 mid-run", async () => {
    const command = hostFanCommand('gkill', 3, 15_000);
    const first = toil(['ssh-cluster', '-p', 'gce', CLUSTER, recordingLeaderPid(command)], 600_000);
    await waitUntil('a job runs on a worker', async () => (await busyNodes()).length > 0, 300_000);
    await onLeader(KILL_LEADER);
    const killed = await first;
    expect(killed.code).not.toBe(0);
    expect(killed.stdout).toBe('');

    const restartedAt = Date.now();
    const restarted = await toil(['ssh-cluster', '-p', 'gce', CLUSTER, `${command} --restart`], 600_000);
    console.log(
      `cluster faults (gce) figures: ${JSON.stringify({ restartSeconds: (Date.now() - restartedAt) / 1000 })}`,
    );
    expect(restarted.code, restarted.stderr).toBe(0);
    const result = JSON.parse(restarted.stdout) as HostFanResult;
    expect(result.sum).toBe(sumOfSquares(3));
    expect(result.runs.map((r) => r.i)).toEqual([0, 1, 2]);

    // destroy removes every instance and both firewall rules; what else destroy reports may grow
    const destroyed = await toil(['destroy-cluster', '-p', 'gce', CLUSTER]);
    expect(destroyed.code, destroyed.stderr).toBe(0);
    expect(destroyed.stdout).toMatch(new RegExp(`^Cluster ${CLUSTER} destroyed: \\d+ instances, 2 security groups\\b`));
    expect(hosts()).toEqual([]);
  });
});
