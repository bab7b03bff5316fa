// `node e2e/bench/cluster.mjs` (as root, after a build, with the S3 server of tooling/start-s3.sh running): Toil
// clusters on the cloud rig (fake EC2 API, real network-namespace hosts, real Slurm), through the real CLI. Prints
// the figures and writes bench/cluster-results.json:
// - launch-cluster of a leader, from the command to "up" (Slurm answering), BENCH_CLUSTER_LAUNCHES (3) times;
// - queued job to a new node running it: an autoscaled fan-out of 8 preemptible naps of 5 s (`--provisioner
//   aws`), from the leader's decision to add spot nodes for them to the first nap running on a new node, and to
//   Slurm's first allocation of a new node (slurmctld's log), BENCH_CLUSTER_SCALEUPS (3) times;
// - a fan-out of BENCH_CLUSTER_FANOUT (60) empty jobs on three static t2.small workers (`--batchSystem slurm`) vs
//   `--batchSystem single_machine` on the leader, both with an aws: store on the S3 server (jobs/s by the
//   leader's own "Finished the workflow in" time).
// The rig's hosts share this machine's CPUs: three "workers" here are three Slurm nodes on the same 2 cores.
// `node e2e/bench/cluster.mjs -p gce` measures the same on GCE (the rig's fake Compute Engine API, e2-* machine
// types, `--provisioner gce`) and writes its rows under `gce` in the same results file, beside EC2's.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cliPath, e2eDir, expectEqual, fixture, median, scratch } from './measure.mjs';

const LAUNCHES = Number(process.env.BENCH_CLUSTER_LAUNCHES ?? 3);
const FANOUT = Number(process.env.BENCH_CLUSTER_FANOUT ?? 60);
const SCALEUPS = Number(process.env.BENCH_CLUSTER_SCALEUPS ?? 3);
const root = join(e2eDir, '..');
const argv = process.argv.slice(2);
const provider = argv.length === 0 ? 'aws' : ['-p', '--provisioner'].includes(argv[0]) ? argv[1] : undefined;
/** What differs between the two clouds: the rig's id, subnet and ports, and the machine types. */
const CLOUDS = {
  aws: {
    rigEnv: { TOIL_RIG_ID: 'bench', TOIL_RIG_SUBNET: '222', TOIL_RIG_PORT: '8776' },
    keyPair: 'toil-rig',
    leader: 't2.medium',
    small: 't2.small',
    spot: 't2.medium:0.02',
  },
  gce: {
    rigEnv: { TOIL_RIG_ID: 'gbnch', TOIL_RIG_SUBNET: '245', TOIL_RIG_PORT: '8793', TOIL_RIG_GCE_PORT: '8794' },
    keyPair: 'toil',
    leader: 'e2-medium',
    small: 'e2-small',
    spot: 'e2-medium:0.02',
  },
};
const cloud = Object.hasOwn(CLOUDS, provider ?? '') && argv.length <= 2 ? CLOUDS[provider] : undefined;
if (!cloud) {
  console.error(`cluster.mjs: cannot use '${argv.join(' ')}': give -p aws (the default) or -p gce`);
  process.exit(2);
}
// The cluster commands' provisioner flag (aws is their default).
const P = ['-p', provider];
// A rig of its own, beside the e2e tests' rigs.
const rigEnv = cloud.rigEnv;
const { dir, cleanup } = scratch('toil-bench-cluster-');
const key = join(dir, 'id_ed25519');
const rows = [];
const stamp = Date.now().toString(36);
const sumOfSquares = (n) => ((n - 1) * n * (2 * n - 1)) / 6;
let env = {};

function record(name, values) {
  rows.push({ name, ...values });
  console.error(`  ${name}: ${JSON.stringify(values)}`);
}

/** The real CLI with the rig's environment; throws with its stderr on a non-zero exit. */
async function toil(args, timeout = 900_000) {
  const started = performance.now();
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cliPath, ...args], {
      env: { ...process.env, ...env },
      timeout,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { stdout, stderr, wallMs: performance.now() - started };
  } catch (error) {
    throw new Error(`toil ${args.slice(0, 2).join(' ')} failed: ${error.stderr?.slice(-3000) ?? error.message}`, {
      cause: error,
    });
  }
}

/** Times (ms since the epoch) of the leader's log lines matching `pattern`. */
const loggedAt = (stderr, pattern) =>
  stderr
    .split('\n')
    .filter((l) => pattern.test(l))
    .map((l) => Date.parse(/^\[([^\]]+)\]/.exec(l)[1]));

const leaderSeconds = (stderr) => Number(/Finished the workflow in ([\d.]+) s/.exec(stderr)[1]);

function startRig() {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'bench', '-f', key]);
  const out = execFileSync('bash', [join(root, 'tooling/start-cloud-rig.sh')], {
    env: { ...process.env, ...rigEnv, TOIL_RIG_PUBLIC_KEY: `${key}.pub` },
    encoding: 'utf8',
  });
  const exported = Object.fromEntries([...out.matchAll(/^export (\w+)='([^']*)'$/gm)].map((m) => [m[1], m[2]]));
  if (!exported.TOIL_S3_HOST) throw new Error('the rig started without the S3 server (run tooling/start-s3.sh)');
  env = {
    ...exported,
    TOIL_SSH_KEY: key,
    TOIL_HOME: join(dir, 'toil-home'),
    SSH_AUTH_SOCK: '',
    TOIL_PLUGINS: `${exported.TOIL_PLUGINS},${join(root, 'packages/jobstore-aws/dist/index.js')}`,
  };
}

async function launch(name, extra = []) {
  const r = await toil([
    'launch-cluster',
    name,
    ...P,
    '--leaderNodeType',
    cloud.leader,
    '--keyPairName',
    cloud.keyPair,
    ...extra,
  ]);
  return { ...r, upSeconds: Number(/is up in ([\d.]+) s/.exec(r.stdout)[1]) };
}

async function launches() {
  const up = [];
  for (let k = 0; k < LAUNCHES; k++) {
    up.push((await launch(`bl${k}`)).upSeconds);
    await toil(['destroy-cluster', ...P, `bl${k}`]);
  }
  record(`launch-cluster of a leader until Slurm answers (median of ${LAUNCHES})`, {
    seconds: median(up),
    all: up,
  });
}

const runOnLeader = (cluster, flags, n, ms) =>
  toil([
    'ssh-cluster',
    ...P,
    cluster,
    `toil run cluster-hosts.ts aws:us-east-1:bench-${stamp}-${Math.random().toString(36).slice(2, 6)} ` +
      `--job hostFan --args '[${n},${ms}]' --defaultMemory 256M --logLevel INFO ${flags}`,
  ]);

async function queueToNode() {
  const rounds = [];
  for (let k = 0; k < SCALEUPS; k++) {
    const name = `bas${k}`;
    await launch(name);
    await toil(['rsync-cluster', ...P, name, fixture('cluster-hosts.ts'), ':']);
    const flags =
      `--batchSystem slurm --statePollingWait 0.5 --provisioner ${provider} --nodeTypes ${cloud.small},${cloud.spot} ` +
      '--maxNodes 3 --scaleInterval 1 --targetTime 1 --betaInertia 0';
    const r = await runOnLeader(name, flags, 8, 5000);
    const { sum, runs } = JSON.parse(r.stdout);
    expectEqual(sum, sumOfSquares(8), 'autoscaled fan-out');
    // The decision to add nodes for the fanned-out naps (spot, as they are preemptible). Slurm does not know
    // preemptibility: naps also run on the on-demand node of the root job (JobId=1), which is not a new node.
    const spotType = cloud.spot.replaceAll('.', '\\.');
    const decision = loggedAt(r.stderr, new RegExp(`Autoscaler: adding \\d+ node\\(s\\) of type '${spotType}'`))[0];
    const ctld = (
      await toil(['ssh-cluster', ...P, name, 'grep -E "sched: Allocate|_start_job" /root/.toil/slurm/slurmctld.log'])
    ).stdout;
    // `[2026-12-03T18:37:14.558] sched: Allocate JobId=3_0(4) NodeList=ip-10-77-222-12 ...` or, from the backfill
    // pass, `[...] sched/backfill: _start_job: Started JobId=1 in toil on ip-10-77-222-11` (UTC, no zone).
    const allocations = [
      ...ctld.matchAll(/^\[([^\]]+)\] sched.*?(?:Allocate|Started) JobId=(\S+) (?:NodeList=|in \S+ on )(\S+)/gm),
    ].map((m) => ({ at: Date.parse(`${m[1]}Z`), job: m[2], node: m[3] }));
    const rootNode = allocations.find((a) => a.job === '1')?.node;
    const newNodeAllocations = allocations.filter((a) => a.at >= decision && a.node !== rootNode);
    const newNodeStarts = runs.filter((run) => run.host !== rootNode && run.start >= decision);
    rounds.push({
      seconds: (Math.min(...newNodeStarts.map((run) => run.start)) - decision) / 1000,
      toSlurmAllocation: (Math.min(...newNodeAllocations.map((a) => a.at)) - decision) / 1000,
      workflowSeconds: leaderSeconds(r.stderr),
      hosts: new Set(runs.map((run) => run.host)).size,
    });
    await toil(['destroy-cluster', ...P, name]);
  }
  record(`queued jobs to a new node running one (autoscaled fan-out of 8 naps of 5 s; median of ${SCALEUPS})`, {
    seconds: median(rounds.map((r) => r.seconds)),
    toSlurmAllocation: median(rounds.map((r) => r.toSlurmAllocation)),
    rounds,
  });
}

async function throughput() {
  await launch('btp', ['--nodeTypes', cloud.small, '-w', '3']);
  for (let i = 0; ; i++) {
    const idle = (await toil(['ssh-cluster', ...P, 'btp', 'sinfo -h -N -t idle -o %N'])).stdout.trim().split('\n');
    if (idle.filter(Boolean).length >= 3) break;
    if (i > 120) throw new Error('three workers did not join Slurm in 2 minutes');
    await new Promise((r) => setTimeout(r, 1000));
  }
  await toil(['rsync-cluster', ...P, 'btp', fixture('cluster-hosts.ts'), ':']);
  for (const [label, flags] of [
    [`three ${cloud.small} Slurm workers`, '--batchSystem slurm --statePollingWait 0.5'],
    [`single_machine on the leader (${cloud.leader})`, '--batchSystem single_machine'],
  ]) {
    const r = await runOnLeader('btp', flags, FANOUT, 0);
    const { sum, runs } = JSON.parse(r.stdout);
    expectEqual(sum, sumOfSquares(FANOUT), `fan-out on ${label}`);
    const seconds = leaderSeconds(r.stderr);
    record(`fan-out of ${FANOUT} empty jobs, aws: store, ${label}`, {
      jobs: FANOUT + 2,
      leaderS: seconds,
      jobsPerSec: (FANOUT + 2) / seconds,
      hosts: new Set(runs.map((run) => run.host)).size,
    });
  }
  await toil(['destroy-cluster', ...P, 'btp']);
}

try {
  startRig();
  await launches();
  await queueToNode();
  await throughput();
  const out = join(e2eDir, 'bench', 'cluster-results.json');
  const measured = { date: new Date().toISOString(), cores: availableParallelism(), node: process.version, rows };
  // One file for both clouds: EC2's rows at the top level (as before -p existed), GCE's under `gce`.
  const previous = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : {};
  const results =
    provider === 'gce'
      ? { ...previous, gce: measured }
      : { ...measured, ...(previous.gce ? { gce: previous.gce } : {}) };
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.error(`wrote ${out}`);
} finally {
  execFileSync('bash', [join(root, 'tooling/stop-cloud-rig.sh')], {
    env: { ...process.env, ...rigEnv },
    stdio: 'inherit',
  });
  cleanup();
}
