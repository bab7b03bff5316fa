// `node e2e/bench/wdl-runners.mjs` (also the `wdl` group of `pnpm bench`): the WDL benchmark. A one-task workflow
// and a 20-way and a 50-way scatter of a one-line task (e2e/fixtures/wdl/bench-*.wdl, draft-2 so that both runners
// read them) run by our toil-wdl-runner and by Debian's toil-wdl-runner 5.9 (Python Toil's legacy WDL-to-Python
// compiler; it needs Debian's python3-wdlparse), each run checked for the right output files. Wall and CPU times,
// medians of ROUNDS runs (Debian's runs once: 25 to 100 s a workflow). A runner that is not installed is listed as
// such. Prints a table and writes bench/wdl-runners-results.json.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { e2eDir, fixture, median, scratch } from './measure.mjs';

const ROUNDS = Number(process.env.WDL_BENCH_ROUNDS ?? 5);
const ours = resolve(e2eDir, '../packages/wdl/dist/cli.js');

/** The runners: how each is started on a document and inputs, with an output folder and a scratch folder. */
const RUNNERS = [
  {
    name: 'toil-wdl-runner (this project)',
    rounds: ROUNDS,
    available: () => existsSync(ours),
    argv: (doc, inputs, out) => [process.execPath, ours, doc, inputs, '--outputDirectory', out],
  },
  {
    name: 'toil-wdl-runner 5.9 (Debian, Python)',
    rounds: 1,
    // Without python3-wdlparse it stops at once on "No module named 'wdlparse'".
    available: () => existsSync('/usr/bin/toil-wdl-runner') && existsSync('/usr/lib/python3/dist-packages/wdlparse'),
    argv: (doc, inputs, out, work) => [
      '/usr/bin/toil-wdl-runner',
      doc,
      inputs,
      '--jobStore',
      join(work, 'js'),
      '-o',
      out,
    ],
  },
];

/** Every file under a folder, with its content (the runners lay their output folders out differently). */
function contents(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8').trim());
}

/** The documents, each with its inputs and the check of the output folder (the files' contents). */
const CASES = [
  {
    name: 'one task',
    doc: fixture('wdl/bench-one.wdl'),
    inputs: { 'bench_one.x': 7 },
    check: (out) => contents(out).join() === '49',
  },
  // The brief's 20-way scatter and the 50-way one.
  ...[20, 50].map((n) => ({
    name: `${n}-way scatter of a one-line task`,
    doc: fixture('wdl/bench-scatter.wdl'),
    inputs: { 'bench_scatter.xs': Array.from({ length: n }, (_, i) => i) },
    // Every square once (Debian's runner may write fewer files where the names collide: reported, not fatal).
    check: (out) =>
      JSON.stringify(
        contents(out)
          .map(Number)
          .sort((a, b) => a - b),
      ) === JSON.stringify(Array.from({ length: n }, (_, i) => i * i)),
  })),
];

/**
 * Runs argv once in `cwd`; resolves to the wall time in ms and the CPU seconds (user + system) of the runner and
 * every process it waited for (bash's `times`: on a shared machine wall time grows with the load, CPU hardly does).
 */
async function runOnce(argv, cwd) {
  const script = '"$@"; status=$?; times >&2; exit $status';
  const started = performance.now();
  const child = spawn('bash', ['-c', script, 'bash', ...argv], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  const code = await new Promise((res) => child.on('exit', (c, signal) => res(c ?? signal)));
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`${argv.join(' ')} exited with ${code}:\n${stderr.slice(-2000)}`);
  const last = stderr.trim().split('\n').at(-1) ?? '';
  const seconds = [...last.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, m) => sum + Number(m[1]) * 60 + Number(m[2]), 0);
  return { ms, cpuS: seconds };
}

/** Times every runner on every case; returns the rows (one per runner and case). */
export async function benchWdlRunners() {
  const { dir, cleanup } = scratch('toil-bench-wdl-runners-');
  const rows = [];
  try {
    let runs = 0;
    for (const test of CASES) {
      const inputs = join(dir, `${test.name.replace(/\W+/g, '-')}.json`);
      writeFileSync(inputs, JSON.stringify(test.inputs));
      for (const runner of RUNNERS) {
        if (!runner.available()) {
          rows.push({ case: test.name, runner: runner.name, note: 'not installed' });
          continue;
        }
        const times = [];
        const cpu = [];
        const mine = runner === RUNNERS[0];
        let wrong = 0;
        let found = 0;
        for (let round = 0; round < runner.rounds; round++) {
          const work = join(dir, `run-${++runs}`);
          mkdirSync(work);
          const out = join(work, 'out');
          const { ms, cpuS } = await runOnce(runner.argv(test.doc, inputs, out, work), work);
          if (!test.check(out)) {
            // Ours must be right; another runner's wrong result is reported, not fatal.
            if (mine) throw new Error(`${runner.name} on ${test.doc}: wrong outputs in ${out}`);
            wrong++;
            found = contents(out).length;
          }
          times.push(ms);
          cpu.push(cpuS);
        }
        const wallS = median(times) / 1000;
        rows.push({
          case: test.name,
          runner: runner.name,
          wallS,
          cpuS: median(cpu),
          runs: times.length,
          note:
            wrong > 0
              ? `outputs wrong in ${wrong} of ${times.length} runs (the output folder held ${found} file(s))`
              : undefined,
        });
        console.error(
          `  ${test.name}, ${runner.name}: ${wallS.toFixed(2)} s wall, ${median(cpu).toFixed(2)} s CPU (median of ${times.length})`,
        );
      }
    }
  } finally {
    cleanup();
  }
  return rows;
}

/** The rows as a Markdown table. */
export function wdlTable(rows) {
  const lines = ['| Workflow | Runner | Wall (s) | CPU (s) | Runs | Notes |', '|---|---|---:|---:|---:|---|'];
  for (const r of rows) {
    const wall = r.wallS === undefined ? '' : r.wallS.toFixed(2);
    const cpu = r.cpuS === undefined ? '' : r.cpuS.toFixed(2);
    lines.push(`| ${r.case} | ${r.runner} | ${wall} | ${cpu} | ${r.runs ?? ''} | ${r.note ?? ''} |`);
  }
  return lines.join('\n');
}

/** Runs the benchmark, prints the table and writes bench/wdl-runners-results.json. */
export async function main() {
  console.error(`Benchmarking WDL runners on ${cpus().length} cores...`);
  const loadBefore = loadavg()[0];
  const rows = await benchWdlRunners();
  console.log(wdlTable(rows));
  const result = { date: new Date().toISOString(), cpus: cpus().length, loadAverage: [loadBefore, loadavg()[0]], rows };
  writeFileSync(join(e2eDir, 'bench', 'wdl-runners-results.json'), `${JSON.stringify(result, null, 2)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main();
