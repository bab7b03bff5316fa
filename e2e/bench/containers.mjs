// `pnpm --filter @toil/e2e bench:containers`: what dockerCall costs over a bare `podman run --rm <image> true`,
// and a fan-out of containerised jobs on single_machine, against the same fan-out without containers. Prints a
// Markdown table and writes bench/containers-results.json. Needs a build (pnpm build) and the images
// (bash tooling/build-images.sh).
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { e2eDir, expectEqual, fixture, median, runToil, scratch } from './measure.mjs';
import { spawn } from 'node:child_process';

const IMAGE = 'docker.io/library/alpine:latest';
const ROUNDS = 10;
const FANOUT = 20;
const rows = [];
const { dir, cleanup } = scratch('toil-bench-containers-');
let stores = 0;
const run = (opts) => runToil({ jobStore: join(dir, `js-${++stores}`), ...opts });

/** Time one quiet command; throws on a non-zero exit. */
async function timed(cmd, args) {
  const started = performance.now();
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  const code = await new Promise((res) => child.on('exit', res));
  if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${code}`);
  return performance.now() - started;
}

function record(name, seconds, note) {
  rows.push({ name, seconds, note });
  console.error(`  ${name}: ${seconds.toFixed(3)} s${note ? ` (${note})` : ''}`);
}

try {
  console.error(`Benchmarking containers on ${availableParallelism()} cores...`);
  // Warm up podman's storage and the page cache once, so neither side pays for a cold start.
  await timed('podman', ['run', '--rm', IMAGE, 'true']);
  // Rounds alternate, so drift on this shared machine hits both alike. dockerCall runs with --network none
  // (its default), which skips setting up a bridge, so the fair comparison is the second row.
  const bare = [];
  const bareNone = [];
  for (let i = 0; i < ROUNDS; i++) {
    bare.push(await timed('podman', ['run', '--rm', IMAGE, 'true']));
    bareNone.push(await timed('podman', ['run', '--rm', '--network', 'none', IMAGE, 'true']));
  }
  const bareS = median(bare) / 1000;
  const noneS = median(bareNone) / 1000;
  record(`podman run --rm alpine true (median of ${ROUNDS})`, bareS);
  record(`podman run --rm --network none alpine true (median of ${ROUNDS})`, noneS);

  // Each dockerCall timed inside one job: image check, run, output capture and removal, without the workflow.
  const inJob = await run({ module: fixture('containers.ts'), job: 'timedCalls', args: [IMAGE, ROUNDS + 1] });
  const calls = inJob.result.slice(1); // the first call warms the job's module and engine lookup
  const callS = median(calls) / 1000;
  const over = (base) => `${((callS - base) * 1000).toFixed(0)} ms (${((callS / base - 1) * 100).toFixed(0)} %)`;
  record(
    `dockerCall(alpine, ['true']) in a job (median of ${ROUNDS})`,
    callS,
    `${over(bareS)} over podman run --rm; ${over(noneS)} over the same with --network none`,
  );

  const plain = await run({ module: fixture('workflows.ts'), job: 'fanout', args: [FANOUT] });
  record(`fanout of ${FANOUT} plain jobs, single_machine (workflow)`, plain.leaderMs / 1000);
  const boxed = await run({ module: fixture('containers.ts'), job: 'fanout', args: [FANOUT] });
  expectEqual(boxed.result, (FANOUT * (FANOUT - 1)) / 2, 'containerised fanout');
  record(
    `fanout of ${FANOUT} containerised jobs (one dockerCall each), single_machine (workflow)`,
    boxed.leaderMs / 1000,
    `${((boxed.leaderMs - plain.leaderMs) / FANOUT).toFixed(0)} ms more per job on ${availableParallelism()} cores`,
  );

  const lines = ['| Benchmark | Seconds | Notes |', '|---|---:|---|'];
  for (const r of rows) lines.push(`| ${r.name} | ${r.seconds.toFixed(3)} | ${r.note ?? ''} |`);
  console.log(lines.join('\n'));
  writeFileSync(
    join(e2eDir, 'bench', 'containers-results.json'),
    `${JSON.stringify({ date: new Date().toISOString(), cores: availableParallelism(), node: process.version, rows }, null, 2)}\n`,
  );
} finally {
  cleanup();
}
