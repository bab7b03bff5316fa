// `node e2e/bench/cwl-runners.mjs` (also the `cwl` group of `pnpm bench`): the CWL benchmark. The two
// documents of ../shared/reference/cwl-bench (a 50-way scatter of a one-line tool, and that tool alone) run by our
// toil-cwl-runner, Debian's cwltool (--no-container) and Debian's Python toil-cwl-runner (a file job store), each
// run checked for the right outputs. Wall times, medians of ROUNDS runs (the Python Toil runs once: 40 s a scatter).
// A runner that is not installed is listed as such. Prints a table and writes bench/cwl-runners-results.json.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { e2eDir, median, scratch } from './measure.mjs';

const ROUNDS = Number(process.env.CWL_BENCH_ROUNDS ?? 5);
const referenceDir = resolve(e2eDir, '../../shared/reference/cwl-bench');
const ours = resolve(e2eDir, '../packages/cwl/dist/cli.js');

/** The runners: how each is started on a document, with an output folder and a scratch folder of its own. */
const RUNNERS = [
  {
    name: 'toil-cwl-runner (this project)',
    rounds: ROUNDS,
    available: () => existsSync(ours),
    argv: (doc, job, out) => [process.execPath, ours, '--quiet', `--outdir=${out}`, doc, job],
  },
  {
    name: 'cwltool 3.1 (Debian, --no-container)',
    rounds: Math.min(ROUNDS, 3),
    available: () => existsSync('/usr/bin/cwltool'),
    argv: (doc, job, out) => ['/usr/bin/cwltool', '--quiet', '--no-container', '--outdir', out, doc, job],
  },
  {
    name: 'toil-cwl-runner 5.9 (Debian, Python)',
    rounds: 1,
    available: () => existsSync('/usr/bin/toil-cwl-runner'),
    argv: (doc, job, out, work) => [
      '/usr/bin/toil-cwl-runner',
      '--jobStore',
      `file:${join(work, 'js')}`,
      '--outdir',
      out,
      doc,
      job,
    ],
  },
];

/** The documents, each with the check of its output object (the files' contents, read back). */
const CASES = [
  {
    name: '50-way scatter of a one-line tool',
    doc: 'scatter.cwl',
    job: 'scatter-job.yml',
    target: 1.0,
    check: (out) =>
      Array.isArray(out.outs) &&
      out.outs.length === 50 &&
      out.outs.every((file, i) => readFileSync(fileURLToPath(file.location), 'utf8') === `${i}\n`),
  },
  {
    name: 'one tool',
    doc: 'echo.cwl',
    job: 'echo-job.yml',
    target: 0.4,
    check: (out) => readFileSync(fileURLToPath(out.out.location), 'utf8') === '7\n',
  },
];

/** True when the output object names the right files with the right contents (a missing file is wrong too). */
function checked(test, output) {
  try {
    return test.check(output);
  } catch {
    return false;
  }
}

/**
 * Runs argv once in `cwd`; resolves to the wall time in ms, the CPU seconds (user + system) of the runner and
 * every process it waited for, and the output object it printed. The CPU time comes from bash's `times` after the
 * run: on a machine shared with other work, wall time grows with the load and CPU time hardly does.
 */
async function runOnce(argv, cwd) {
  const script = '"$@"; status=$?; times >&2; exit $status';
  const started = performance.now();
  const child = spawn('bash', ['-c', script, 'bash', ...argv], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  const code = await new Promise((res) => child.on('exit', (c, signal) => res(c ?? signal)));
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`${argv.join(' ')} exited with ${code}:\n${stderr.slice(-2000)}`);
  // The last line of `times` is the children's user and system time, as `1m2.345s 0m0.678s`.
  const last = stderr.trim().split('\n').at(-1) ?? '';
  const seconds = [...last.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, m) => sum + Number(m[1]) * 60 + Number(m[2]), 0);
  return { ms, cpuS: seconds, output: JSON.parse(stdout) };
}

/** Times every runner on every case; returns the rows (one per runner and case). */
export async function benchCwlRunners() {
  const { dir, cleanup } = scratch('toil-bench-cwl-runners-');
  const rows = [];
  try {
    for (const file of ['scatter.cwl', 'scatter-job.yml', 'echo.cwl', 'echo-job.yml'])
      copyFileSync(join(referenceDir, file), join(dir, file));
    let runs = 0;
    for (const test of CASES) {
      for (const runner of RUNNERS) {
        if (!runner.available()) {
          rows.push({ case: test.name, runner: runner.name, note: 'not installed' });
          continue;
        }
        const times = [];
        const cpu = [];
        const mine = runner === RUNNERS[0];
        let wrong = 0;
        for (let round = 0; round < runner.rounds; round++) {
          const work = join(dir, `run-${++runs}`);
          mkdirSync(work);
          const argv = runner.argv(join(dir, test.doc), join(dir, test.job), join(work, 'out'), work);
          const { ms, cpuS, output } = await runOnce(argv, dir);
          cpu.push(cpuS);
          if (!checked(test, output)) {
            // Ours must be right; another runner's wrong result is reported, not fatal.
            if (mine) throw new Error(`${runner.name} on ${test.doc}: wrong outputs`);
            wrong++;
          }
          times.push(ms);
        }
        const wallS = median(times) / 1000;
        rows.push({
          case: test.name,
          runner: runner.name,
          wallS,
          cpuS: median(cpu),
          runs: times.length,
          target: mine ? `< ${test.target} s` : undefined,
          met: mine ? wallS < test.target : undefined,
          note: wrong > 0 ? `outputs wrong in ${wrong} of ${times.length} runs (files read back)` : undefined,
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
export function cwlTable(rows) {
  const lines = [
    '| Document | Runner | Wall (s) | CPU (s) | Runs | Target (wall) | Met | Notes |',
    '|---|---|---:|---:|---:|---|---|---|',
  ];
  for (const r of rows) {
    const wall = r.wallS === undefined ? '' : r.wallS.toFixed(2);
    const met = r.met === undefined ? '' : r.met ? 'yes' : 'NO';
    lines.push(
      `| ${r.case} | ${r.runner} | ${wall} | ${r.cpuS === undefined ? '' : r.cpuS.toFixed(2)} | ${r.runs ?? ''} | ${r.target ?? ''} | ${met} | ${r.note ?? ''} |`,
    );
  }
  return lines.join('\n');
}

/** Runs the benchmark, prints the table and writes bench/cwl-runners-results.json. */
export async function main() {
  console.error(`Benchmarking CWL runners on ${cpus().length} cores...`);
  const loadBefore = loadavg()[0];
  const rows = await benchCwlRunners();
  console.log(cwlTable(rows));
  const result = { date: new Date().toISOString(), cpus: cpus().length, loadAverage: [loadBefore, loadavg()[0]], rows };
  writeFileSync(join(e2eDir, 'bench', 'cwl-runners-results.json'), `${JSON.stringify(result, null, 2)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main();
