/**
 * Faults of an autoscaled cluster run through the real CLI on the cloud rig (tooling/start-cloud-rig.sh), where only
 * the EC2 API is a fake: a spot worker reclaimed mid-job during `toil run` on the leader (its job comes back from
 * Slurm as lost, is retried on another node, the workflow completes, sinfo forgets the node), and the leader's
 * `toil run` killed -9 then `--restart`ed over ssh-cluster. Each on an `aws:` store on the test S3 server.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, runToil, type RunResult } from './helpers/cli.js';
import { KILL_LEADER, recordingLeaderPid, sumOfSquares, type HostFanResult } from './helpers/cluster-faults.js';
import { uniqueStoreName } from './helpers/s3.js';
import { startRig, stopRig } from './helpers/rig.js';

const ROOT = resolve(import.meta.dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'toil-cluster-faults-e2e-'));
const key = join(tmp, 'id_ed25519');
// A rig of its own (id, subnet, port), so this file runs beside the other cluster files.
const rigEnv: Record<string, string> = { TOIL_RIG_ID: 'cflt', TOIL_RIG_SUBNET: '223', TOIL_RIG_PORT: '8777' };
let env: Record<string, string> = {};

function toil(args: string[], timeoutMs = 180_000): Promise<RunResult> {
  return runToil(args, { env, timeoutMs });
}

/** A command on the leader; its stdout. */
async function onLeader(command: string): Promise<string> {
  const out = await toil(['ssh-cluster', 'cf1', command]);
  expect(out.code, `${command}: ${out.stderr}`).toBe(0);
  return out.stdout;
}

async function until<T>(what: string, probe: () => Promise<T>, ok: (v: T) => boolean, ms = 180_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * A request to the rig's fake EC2 by hand: the rig's own `ToilRigInterruptSpot` action is no SDK command. The fake
 * checks the access key in the SigV4 credential scope, not the signature, so the header needs no real signature.
 */
async function ec2(params: Record<string, string>): Promise<string> {
  const response = await fetch(env.AWS_ENDPOINT_URL_EC2!, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `AWS4-HMAC-SHA256 Credential=${env.AWS_ACCESS_KEY_ID}/20260101/${env.AWS_REGION}/ec2/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: new URLSearchParams({ Version: '2016-11-15', ...params }).toString(),
  });
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return text;
}

/** Running spot workers of the cluster: instance ID and host name. */
async function spotWorkers(): Promise<Array<{ id: string; host: string }>> {
  const xml = await ec2({
    Action: 'DescribeInstances',
    'Filter.1.Name': 'instance-lifecycle',
    'Filter.1.Value.1': 'spot',
    'Filter.2.Name': 'instance-state-name',
    'Filter.2.Value.1': 'running',
  });
  return [...xml.matchAll(/<instanceId>(i-\w+)<\/instanceId>[\s\S]*?<privateDnsName>(ip-[\d-]+)/g)].map((m) => ({
    id: m[1]!,
    host: m[2]!,
  }));
}

/** Nodes running a job now, from squeue on the leader. */
async function busyNodes(): Promise<string[]> {
  return (await onLeader('squeue -h -t RUNNING -o %N')).split('\n').filter(Boolean);
}

const RUN_OPTIONS = [
  '--batchSystem slurm --statePollingWait 0.5 --defaultMemory 256M --logLevel INFO',
  '--provisioner aws --nodeTypes t2.small,t2.medium:0.02 --maxNodes 2',
  '--scaleInterval 1 --targetTime 1 --betaInertia 0',
].join(' ');

describe('faults of an autoscaled workflow on a fake-backed EC2 cluster with Slurm', { timeout: 900_000 }, () => {
  beforeAll(async () => {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'e2e', '-f', key]);
    const exported = startRig(rigEnv, `${key}.pub`);
    env = {
      ...exported,
      TOIL_SSH_KEY: key,
      TOIL_HOME: join(tmp, 'toil-home'),
      SSH_AUTH_SOCK: '',
      TOIL_PLUGINS: `${exported.TOIL_PLUGINS!},${join(ROOT, 'packages/jobstore-aws/dist/index.js')}`,
    };
    const launched = await toil([
      'launch-cluster',
      'cf1',
      '--leaderNodeType',
      't2.medium',
      '--keyPairName',
      'toil-rig',
    ]);
    expect(launched.code, launched.stderr).toBe(0);
    const sent = await toil(['rsync-cluster', 'cf1', fixture('cluster-hosts.ts'), ':']);
    expect(sent.code, sent.stderr).toBe(0);
  });
  afterAll(() => {
    stopRig(rigEnv);
    expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).not.toMatch(/trig-cflt-/);
    rmSync(tmp, { recursive: true, force: true });
  });

  it('completes the workflow when a spot worker is reclaimed mid-job: the job is retried elsewhere', async () => {
    const store = `aws:us-east-1:${uniqueStoreName('spotloss')}`;
    const jobs = 3;
    const running = toil(
      [
        'ssh-cluster',
        'cf1',
        `toil run cluster-hosts.ts ${store} --job hostFan --args '[${jobs},25000]' ${RUN_OPTIONS}`,
      ],
      600_000,
    );
    // a spot worker running one of the naps
    const victim = await until(
      'a spot worker runs a job',
      async () => {
        const busy = await busyNodes();
        return (await spotWorkers()).find((w) => busy.includes(w.host));
      },
      Boolean,
    );
    const reply = await ec2({ Action: 'ToilRigInterruptSpot', InstanceId: victim!.id });
    expect(reply).toContain('<currentState>shutting-down</currentState>');
    const reclaimedAt = Date.now();

    const run = await running;
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as HostFanResult;
    expect(result.sum).toBe(sumOfSquares(jobs));
    // every nap has a result, none from the reclaimed instance: the one that ran there was retried on another node.
    // (A later instance may get the freed address, so its host name: a run there started after the reclaim.)
    expect(result.runs.map((r) => r.i)).toEqual([0, 1, 2]);
    for (const r of result.runs.filter((x) => x.host === victim!.host)) expect(r.start).toBeGreaterThan(reclaimedAt);
    expect(Math.max(...result.runs.map((r) => r.start))).toBeGreaterThan(reclaimedAt - 1000);
    expect(run.stderr).toContain(
      `Autoscaler: node ${victim!.host} is gone from the cloud (terminated or reclaimed); removed from slurm, any job it ran comes back as lost`,
    );
    expect(run.stderr).toMatch(/job\(s\) were lost by the batch system; they will be retried|Job 'where'/);
    // Slurm keeps no record of the reclaimed node: every node sinfo lists is a running instance (a later instance
    // may have the reclaimed one's address, hence its name)
    const runningNow = await ec2({
      Action: 'DescribeInstances',
      'Filter.1.Name': 'instance-state-name',
      'Filter.1.Value.1': 'running',
    });
    const live = new Set([...runningNow.matchAll(/<privateDnsName>(ip-[\d-]+)/g)].map((m) => m[1]));
    const listed = (await onLeader('sinfo -h -N -o %N')).split('\n').filter(Boolean);
    expect(listed.filter((n) => !live.has(n))).toEqual([]);
    const retried = Math.max(...result.runs.map((r) => r.start));
    const workflow = Number(/Finished the workflow in ([\d.]+) s/.exec(run.stderr)?.[1]);
    console.log(
      `cluster faults figures: ${JSON.stringify({ reclaimToRetryStartSeconds: (retried - reclaimedAt) / 1000, workflowSeconds: workflow })}`,
    );
  });

  it("restarts the workflow after the leader's toil run is killed -9 mid-run", async () => {
    const store = `aws:us-east-1:${uniqueStoreName('leaderkill')}`;
    const args = `cluster-hosts.ts ${store} --job hostFan --args '[3,15000]' ${RUN_OPTIONS}`;
    // The leader's toil runs under a recorded PID (hosts share this machine's PID space: no pkill by name).
    const first = toil(['ssh-cluster', 'cf1', recordingLeaderPid(`toil run ${args}`)], 600_000);
    await until('a job runs on a worker', busyNodes, (busy) => busy.length > 0);
    await onLeader(KILL_LEADER);
    const killed = await first;
    expect(killed.code).not.toBe(0);
    expect(killed.stdout).toBe('');

    const restartedAt = Date.now();
    const restarted = await toil(['ssh-cluster', 'cf1', `toil run ${args} --restart`], 600_000);
    console.log(`cluster faults figures: ${JSON.stringify({ restartSeconds: (Date.now() - restartedAt) / 1000 })}`);
    expect(restarted.code, restarted.stderr).toBe(0);
    const result = JSON.parse(restarted.stdout) as HostFanResult;
    expect(result.sum).toBe(sumOfSquares(3));
    expect(result.runs.map((r) => r.i)).toEqual([0, 1, 2]);

    // destroy removes everything; the stores of both runs were cleaned by their successful ends
    const destroyed = await toil(['destroy-cluster', 'cf1']);
    expect(destroyed.code, destroyed.stderr).toBe(0);
    expect(destroyed.stdout).toMatch(/^Cluster cf1 destroyed: \d+ instances, 1 security groups\n$/);
    expect(readdirSync(join(env.TOIL_RIG_STATE!, 'hosts'))).toEqual([]);
  });
});
