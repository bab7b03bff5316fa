// `pnpm bench:hpc`: the HPC batch systems on the local schedulers that tooling/start-hpc.sh runs (Slurm,
// GridEngine), against single_machine: throughput of a fanout (jobs/s, with and without job arrays) and the time
// from `toil run` to the first job body running. BENCH_HPC_N sets the fanout width (default 500), BENCH_ONLY the
// systems (e.g. `slurm,single_machine`). Prints a table and writes bench/hpc-results.json.
// Needs a build and the schedulers: bash tooling/start-hpc.sh.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { expectEqual, fixture, median, runToil, scratch } from './measure.mjs';

const N = Number(process.env.BENCH_HPC_N ?? 500);
// The local GridEngine's cell (tooling/gridengine-env.sh), unless the caller's environment names one.
process.env.SGE_ROOT ??= '/var/lib/gridengine';
process.env.SGE_CELL ??= 'default';
process.env.SGE_QMASTER_PORT ??= '6444';
process.env.SGE_EXECD_PORT ??= '6445';
const only = process.env.BENCH_ONLY?.split(',');
const workflows = fixture('workflows.ts');
const hpc = fixture('hpc.ts');
const { dir, cleanup } = scratch('toil-bench-hpc-');
let stores = 0;
const run = (opts) => runToil({ jobStore: join(dir, `js-${++stores}`), ...opts });
const sumOfSquares = (n) => ((n - 1) * n * (2 * n - 1)) / 6;

/** Batch systems to compare, with the options that turn their job arrays off, when they have them. */
const systems = [
  { name: 'single_machine', extra: [] },
  {
    name: 'slurm',
    extra: ['--statePollingWait', '0.5'],
    noArrays: ['--slurmJobArrays', 'false'],
    // Arrays whose tasks each run one job, as before pooled arrays (--slurmReuseTasks, packages/batch-slurm).
    noReuse: ['--slurmReuseTasks', 'false'],
  },
  { name: 'grid_engine', extra: ['--statePollingWait', '0.5'] },
].filter((s) => !only || only.includes(s.name));

const rows = [];

/** Variants of a fanout run: the options they add and how the row names them. */
const VARIANTS = {
  arrays: { options: () => [], label: (system) => (system.noReuse ? ', pooled job arrays' : ', job arrays') },
  noReuse: { options: (system) => system.noReuse, label: () => ', job arrays, one job per task' },
  noArrays: { options: (system) => system.noArrays, label: () => ', one submission per job' },
};

async function fanout(system, variant) {
  const { options, label } = VARIANTS[variant];
  const extra = ['--batchSystem', system.name, ...system.extra, ...options(system)];
  const r = await run({ module: workflows, job: 'fanout', args: [N], extra });
  expectEqual(r.result, sumOfSquares(N), `fanout ${N} on ${system.name}`);
  const jobsPerSec = (N + 2) / (r.leaderMs / 1000);
  const name = `fanout N=${N}, ${system.name}${system.noArrays ? label(system) : ''}`;
  rows.push({ name, seconds: r.leaderMs / 1000, jobsPerSec });
  console.error(`  ${name}: ${(r.leaderMs / 1000).toFixed(1)} s, ${jobsPerSec.toFixed(1)} jobs/s`);
}

/**
 * The scheduler alone: an array of N tasks that run `true`, from submission until the queue is empty. This is the
 * floor under any workflow on that scheduler here; the fanout rows show what Toil adds on top.
 */
async function schedulerFloor(system) {
  const floors = {
    slurm: {
      submit: [
        'sbatch',
        ['--parsable', `--array=0-${N - 1}`, '-J', 'toil-bench-floor', '-o', '/dev/null', '--mem=100M'],
      ],
      idle: (id) => !execFileSync('squeue', ['-h', '-j', id], { encoding: 'utf8' }).trim(),
    },
    grid_engine: {
      submit: [
        'qsub',
        ['-terse', '-t', `1-${N}`, '-N', 'toil-bench-floor', '-o', '/dev/null', '-j', 'y', '-S', '/bin/sh'],
      ],
      // qsub -terse prints "<job>.1-N:1" for an array; qstat -j fails once no task of it is left.
      idle: (id) => {
        try {
          execFileSync('qstat', ['-j', id.split('.')[0]], { stdio: 'pipe' });
          return false;
        } catch {
          return true;
        }
      },
    },
  };
  const floor = floors[system.name];
  if (!floor) return;
  const started = performance.now();
  const id = execFileSync(floor.submit[0], floor.submit[1], { input: '#!/bin/sh\ntrue\n', encoding: 'utf8' })
    .trim()
    .split(';')[0];
  while (!floor.idle(id)) await new Promise((r) => setTimeout(r, 200));
  const seconds = (performance.now() - started) / 1000;
  rows.push({ name: `${system.name} alone: array of ${N} tasks running \`true\``, seconds, jobsPerSec: N / seconds });
  console.error(`  ${system.name} alone: ${seconds.toFixed(1)} s`);
}

/** Median over 3 runs of the time from spawning `toil run` to the first (only) job's body starting. */
async function startLatency(system) {
  const delays = [];
  for (let i = 0; i < 3; i++) {
    const spawnedAt = Date.now();
    const r = await run({ module: hpc, job: 'startedAt', extra: ['--batchSystem', system.name, ...system.extra] });
    delays.push(r.result - spawnedAt);
  }
  const ms = median(delays);
  rows.push({ name: `toil run → first job running, ${system.name} (median of 3)`, seconds: ms / 1000 });
  console.error(`  start latency on ${system.name}: ${(ms / 1000).toFixed(2)} s`);
}

try {
  console.error(`HPC benchmarks on ${availableParallelism()} cores, fanout N=${N}...`);
  for (const system of systems) {
    await schedulerFloor(system);
    await startLatency(system);
    await fanout(system, 'arrays');
    if (system.noReuse) await fanout(system, 'noReuse');
    if (system.noArrays) await fanout(system, 'noArrays');
  }
  console.log(
    [
      '| Benchmark | Time (s) | Jobs/s |',
      '|---|---:|---:|',
      ...rows.map((r) => `| ${r.name} | ${r.seconds.toFixed(2)} | ${r.jobsPerSec?.toFixed(1) ?? ''} |`),
    ].join('\n'),
  );
  const results = { date: new Date().toISOString(), cores: availableParallelism(), load: loadavg()[0], n: N, rows };
  writeFileSync(join(import.meta.dirname, 'hpc-results.json'), `${JSON.stringify(results, null, 2)}\n`);
} finally {
  cleanup();
}
