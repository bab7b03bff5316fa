// `pnpm bench`: times the real `toil run` CLI on fixture workflows, prints a Markdown table and writes
// bench/results.json. BENCH_FULL=1 adds the N = 100000 fanout (a few minutes) for the scaling figure;
// BENCH_ONLY=hello,fanout,chain,tree,files,cwl,wdl picks groups.
// Needs a build first (pnpm build).
import { randomBytes, createHash } from 'node:crypto';
import { openSync, writeSync, closeSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { e2eDir, expectEqual, fixture, median, runToil, scratch, timeCommand } from './measure.mjs';

const full = process.env.BENCH_FULL === '1';
const workflows = fixture('workflows.ts');
const bench = fixture('bench.ts');
const rows = [];
const { dir, cleanup } = scratch();
let stores = 0;
const run = (opts) => runToil({ jobStore: join(dir, `js-${++stores}`), ...opts });
const sumOfSquares = (n) => ((n - 1) * n * (2 * n - 1)) / 6;

/** One table row. `jobs` and the leader time give jobs/s; `target` is [text, met?]. */
function record(name, r, { jobs, target, note } = {}) {
  const jobsPerSec = jobs && r.leaderMs ? jobs / (r.leaderMs / 1000) : undefined;
  const row = {
    name,
    wallS: r.wallMs / 1000,
    leaderS: r.leaderMs === undefined ? undefined : r.leaderMs / 1000,
    jobs,
    jobsPerSec,
    peakRssMiB: r.peakRssMiB,
    target: target?.[0],
    met: target?.[1],
    note,
  };
  rows.push(row);
  console.error(
    `  ${name}: ${row.wallS.toFixed(2)} s${jobsPerSec ? `, ${jobsPerSec.toFixed(0)} jobs/s` : ''}${note ? `, ${note}` : ''}`,
  );
  return row;
}

async function hello() {
  const runs = [];
  for (let i = 0; i < 5; i++) {
    const r = await run({ module: workflows, job: 'hello', args: ['bench'] });
    expectEqual(r.result, 'Hello, bench!', 'hello');
    runs.push(r);
  }
  const wallMs = median(runs.map((r) => r.wallMs));
  record(
    'hello world (median of 5)',
    { ...runs[0], wallMs, leaderMs: median(runs.map((r) => r.leaderMs)) },
    { jobs: 1, target: ['wall ≤ 0.6 s', wallMs <= 600] },
  );
}

async function fanout(n, targets = true) {
  const r = await run({ module: workflows, job: 'fanout', args: [n] });
  expectEqual(r.result, sumOfSquares(n), `fanout ${n}`);
  const jobsPerSec = (n + 2) / (r.leaderMs / 1000);
  const target =
    targets && n >= 10000
      ? ['≥ 500 jobs/s, RSS < 200 MB', jobsPerSec >= 500 && r.peakRssMiB * 1.048576 < 200]
      : ['RSS < 200 MB', r.peakRssMiB * 1.048576 < 200];
  return record(`fanout N=${n}`, r, { jobs: n + 2, target });
}

async function chains() {
  const on = await run({ module: bench, job: 'chain', args: [1000] });
  expectEqual(on.result, 1001, 'chain');
  record('chain of 1000 follow-ons (chaining)', on, { jobs: 1001 });
  const off = await run({ module: bench, job: 'chain', args: [1000], extra: ['--disableChaining'] });
  expectEqual(off.result, 1001, 'chain --disableChaining');
  record('chain of 1000 follow-ons (--disableChaining)', off, { jobs: 1001 });
}

async function binaryTree() {
  const r = await run({ module: bench, job: 'tree', args: [10] });
  expectEqual(r.result, null, 'tree');
  record('binary tree depth 10', r, { jobs: 2047 });
}

/** A 256 MiB file of random bytes and its sha256, written in 8 MiB chunks. */
function makeBigFile(path, mib) {
  const hash = createHash('sha256');
  const fd = openSync(path, 'w');
  for (let i = 0; i < mib / 8; i++) {
    const chunk = randomBytes(8 << 20);
    hash.update(chunk);
    writeSync(fd, chunk);
  }
  closeSync(fd);
  return hash.digest('hex');
}

/**
 * cp vs the job's writeGlobalFile + readGlobalFile of the same file, alternating, 5 rounds, medians. Each timed
 * step starts after `sync`, so none pays for writing back the dirty pages of the one before.
 */
async function files() {
  const mib = 256;
  const input = join(dir, 'big.bin');
  const sha = makeBigFile(input, mib);
  const cpTimes = [];
  const runs = { link: [], copy: [] };
  for (let round = 0; round < 5; round++) {
    await timeCommand('sync', []);
    const copy = join(dir, 'copy.bin');
    cpTimes.push(await timeCommand('cp', [input, copy]));
    rmSync(copy);
    for (const mode of ['link', 'copy']) {
      await timeCommand('sync', []);
      const r = await run({ module: bench, job: 'fileRoundTrip', args: [input, sha, mode === 'copy'] });
      if (!r.result.matches) throw new Error(`fileRoundTrip: sha256 mismatch (${r.result.sha256} != ${sha})`);
      runs[mode].push(r);
    }
  }
  const cpMs = median(cpTimes);
  record(`cp ${mib} MiB (median of 5)`, { wallMs: cpMs });
  for (const [mode, list] of Object.entries(runs)) {
    const pick = (f) => median(list.map(f));
    const writeMs = pick((r) => r.result.writeMs);
    const readMs = pick((r) => r.result.readMs);
    const storeMs = pick((r) => r.result.writeMs + r.result.readMs);
    const ratio = storeMs / cpMs;
    const note = `write ${writeMs.toFixed(0)} ms + read ${readMs.toFixed(0)} ms → ${ratio.toFixed(2)}× cp; sha256 check ${pick((r) => r.result.hashMs).toFixed(0)} ms`;
    const name = `${mib} MiB write+readGlobalFile, ${mode === 'link' ? 'default read (hard link)' : 'mutable read (copy)'}, median of 5`;
    const whole = {
      wallMs: pick((r) => r.wallMs),
      leaderMs: pick((r) => r.leaderMs),
      peakRssMiB: pick((r) => r.peakRssMiB),
    };
    const row = record(name, whole, { target: mode === 'link' ? ['≤ 1.2× cp', ratio <= 1.2] : undefined, note });
    Object.assign(row, { fileStoreMs: storeMs, cpMs, ratioToCp: ratio });
  }
}

async function scaling(small) {
  const big = await fanout(100000, false);
  const perJob = (row) => row.leaderS / row.jobs;
  const ratio = perJob(big) / perJob(small);
  rows.push({
    name: 'scaling: per-job cost N=100000 / N=1000',
    ratio,
    target: 'within 1.5×',
    met: ratio <= 1.5,
    note: `${(perJob(small) * 1000).toFixed(2)} ms → ${(perJob(big) * 1000).toFixed(2)} ms per job`,
  });
  console.error(`  scaling: ${ratio.toFixed(2)}×`);
}

const fmt = (x, digits = 2) => (x === undefined ? '' : x.toFixed(digits));

function table() {
  const lines = [
    '| Benchmark | Wall (s) | Leader (s) | Jobs | Jobs/s | Leader peak RSS (MiB) | Target | Met | Notes |',
    '|---|---:|---:|---:|---:|---:|---|---|---|',
  ];
  for (const r of rows) {
    const wall = r.ratio !== undefined ? `${fmt(r.ratio)}×` : fmt(r.wallS);
    lines.push(
      `| ${r.name} | ${wall} | ${fmt(r.leaderS)} | ${r.jobs ?? ''} | ${fmt(r.jobsPerSec, 0)} | ${fmt(r.peakRssMiB, 0)} | ${r.target ?? ''} | ${r.met === undefined ? '' : r.met ? 'yes' : 'NO'} | ${r.note ?? ''} |`,
    );
  }
  return lines.join('\n');
}

// BENCH_ONLY=files (or a comma-separated list) runs only some groups.
const only = process.env.BENCH_ONLY?.split(',');
const want = (name) => !only || only.includes(name);
try {
  console.error(
    `Benchmarking toil run on ${availableParallelism()} cores${full ? ' (BENCH_FULL: with N=100000)' : ''}...`,
  );
  if (want('hello')) await hello();
  const small = want('fanout') || full ? await fanout(1000) : undefined;
  if (want('fanout')) await fanout(10000);
  if (want('chain')) await chains();
  if (want('tree')) await binaryTree();
  if (want('files')) await files();
  if (full) await scaling(small);
  console.log(table());
  // The CWL runners side by side (bench/cwl-runners.mjs): its own table and results file.
  if (want('cwl')) await import('./cwl-runners.mjs').then((m) => m.main());
  // The WDL runners side by side (bench/wdl-runners.mjs): its own table and results file.
  if (want('wdl')) await import('./wdl-runners.mjs').then((m) => m.main());
  // A partial run (BENCH_ONLY) does not replace the recorded results.
  if (!only)
    writeFileSync(
      join(e2eDir, 'bench', 'results.json'),
      `${JSON.stringify({ date: new Date().toISOString(), cores: availableParallelism(), node: process.version, full, rows }, null, 2)}\n`,
    );
} finally {
  cleanup();
}
