// `node e2e/bench/cwl-startup.mjs`: the start-up cost of toil-cwl-runner per conformance test. Times, median of
// ROUNDS runs taken in alternation: a bare `node -e 0`, the runner on a no-op tool, on a tool with a JavaScript
// expression (which starts the expression worker) and on a two-step workflow. Prints the figures and writes
// bench/cwl-startup-results.json. Needs a build (pnpm build).
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { e2eDir, median, scratch } from './measure.mjs';

const ROUNDS = 15;
const runner = resolve(e2eDir, '../packages/cwl/dist/cli.js');
const { dir, cleanup } = scratch('toil-bench-cwl-');

const documents = {
  'no-op tool': ['cwlVersion: v1.2', 'class: CommandLineTool', 'baseCommand: "true"', 'inputs: []', 'outputs: []'],
  'tool with a JavaScript expression': [
    'cwlVersion: v1.2',
    'class: CommandLineTool',
    'requirements: {InlineJavascriptRequirement: {}}',
    'baseCommand: "true"',
    'inputs: []',
    'outputs: {n: {type: int, outputBinding: {outputEval: "$(1 + 1)"}}}',
  ],
  'two-step workflow': [
    'cwlVersion: v1.2',
    'class: Workflow',
    'inputs: []',
    'outputs: []',
    'steps:',
    '  a: {run: noop.cwl, in: [], out: []}',
    '  b: {run: noop.cwl, in: [], out: []}',
  ],
};
const files = Object.fromEntries(
  Object.entries(documents).map(([name, lines], i) => {
    const path = join(dir, i === 0 ? 'noop.cwl' : `doc${i}.cwl`);
    writeFileSync(path, `${lines.join('\n')}\n`);
    return [name, path];
  }),
);

/** Time one command in milliseconds; throws on a non-zero exit. */
async function timed(cmd, args) {
  const started = performance.now();
  const child = spawn(cmd, args, { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  const code = await new Promise((res) => child.on('exit', res));
  if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${code}`);
  return performance.now() - started;
}

const cases = [['bare node -e 0', [process.execPath, '-e', '0']]];
for (const [name, file] of Object.entries(files)) {
  cases.push([name, [process.execPath, runner, '--quiet', `--outdir=${join(dir, 'out')}`, file]]);
}
const samples = new Map(cases.map(([name]) => [name, []]));
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, [cmd, ...args]] of cases) samples.get(name).push(await timed(cmd, args));
  }
} finally {
  cleanup();
}
const bare = median(samples.get('bare node -e 0'));
const rows = cases.map(([name]) => {
  const ms = median(samples.get(name));
  return { name, medianMs: Math.round(ms), overBareNodeMs: Math.round(ms - bare) };
});
for (const row of rows)
  console.log(`${row.name.padEnd(36)} ${String(row.medianMs).padStart(5)} ms  (+${row.overBareNodeMs} ms over node)`);
const result = { date: new Date().toISOString(), cpus: cpus().length, loadAverage: loadavg()[0], rounds: ROUNDS, rows };
writeFileSync(join(e2eDir, 'bench', 'cwl-startup-results.json'), `${JSON.stringify(result, null, 2)}\n`);
