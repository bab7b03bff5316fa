// `pnpm --filter @toil/e2e bench:s3`: the aws: job store against the file store, on the local S3 server of
// tooling/start-s3.sh (Ceph radosgw, memstore, on 127.0.0.1; start it first). Prints the figures and writes
// bench/s3-results.json:
// - a fanout of BENCH_S3_FANOUT (1000) jobs on single_machine, S3 store vs file store (jobs/s by the leader's
//   own "Finished the workflow in" time, plus wall time), alternating the stores, BENCH_S3_ROUNDS (1) rounds;
// - BENCH_S3_MIB (1024) MiB written with writeFile (what writeGlobalFile calls: a multipart upload in 16 MiB
//   parts) and read back with readFile (streamed), through AwsJobStore, checked by SHA-256.
// Needs a build first (pnpm build).
import { createHash } from 'node:crypto';
import { createReadStream, openSync, readFileSync, writeSync, closeSync, writeFileSync } from 'node:fs';
import { availableParallelism, userInfo } from 'node:os';
import { join } from 'node:path';
import { AwsJobStore } from '@toil/jobstore-aws';
import { getDefaultConfig } from '@toil/core';
import { e2eDir, expectEqual, fixture, median, runToil, scratch } from './measure.mjs';

const N = Number(process.env.BENCH_S3_FANOUT ?? 1000);
const ROUNDS = Number(process.env.BENCH_S3_ROUNDS ?? 1);
const MIB = Number(process.env.BENCH_S3_MIB ?? 1024);
const envFile = `${process.env.TOIL_S3_DIR ?? `/tmp/toil-s3-${userInfo().uid}`}/env`;
for (const line of readFileSync(envFile, 'utf8').split('\n')) {
  const eq = line.indexOf('=');
  if (eq > 0) process.env[line.slice(0, eq)] = line.slice(eq + 1);
}
const sumOfSquares = (n) => ((n - 1) * n * (2 * n - 1)) / 6;
const { dir, cleanup } = scratch('toil-bench-s3-');
const rows = [];
const stamp = Date.now().toString(36);

function record(name, values) {
  rows.push({ name, ...values });
  console.error(`  ${name}: ${JSON.stringify(values)}`);
}

async function fanout() {
  const times = { file: [], aws: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const kind of ['file', 'aws']) {
      const jobStore = kind === 'file' ? join(dir, `js-${round}`) : `aws:us-east-1:bench-${stamp}-${round}`;
      const r = await runToil({ module: fixture('workflows.ts'), jobStore, job: 'fanout', args: [N] });
      expectEqual(r.result, sumOfSquares(N), `fanout ${N} on ${kind}`);
      times[kind].push(r);
    }
  }
  for (const kind of ['file', 'aws']) {
    const leaderS = median(times[kind].map((r) => r.leaderMs)) / 1000;
    const wallS = median(times[kind].map((r) => r.wallMs)) / 1000;
    record(`fanout ${N} on single_machine, ${kind} job store (median of ${ROUNDS})`, {
      jobs: N + 2,
      leaderS,
      wallS,
      jobsPerSec: (N + 2) / leaderS,
    });
  }
}

async function bigFile() {
  const local = join(dir, 'big.bin');
  const fd = openSync(local, 'w', 0o600);
  const chunk = Buffer.alloc(1024 * 1024);
  const hash = createHash('sha256');
  for (let i = 0; i < MIB; i++) {
    for (let j = 0; j < chunk.length; j += 4) chunk.writeUInt32LE((i * 262_144 + j) >>> 0, j);
    hash.update(chunk);
    writeSync(fd, chunk);
  }
  closeSync(fd);
  const expected = hash.digest('hex');
  const store = new AwsJobStore(`aws:us-east-1:bench-big-${stamp}`);
  await store.initialize(getDefaultConfig(store.locator));
  try {
    let started = performance.now();
    const id = await store.writeFile(local);
    const writeS = (performance.now() - started) / 1000;
    const back = join(dir, 'back.bin');
    started = performance.now();
    await store.readFile(id, back, { mutable: true });
    const readS = (performance.now() - started) / 1000;
    const check = createHash('sha256');
    for await (const c of createReadStream(back)) check.update(c);
    expectEqual(check.digest('hex'), expected, 'the file read back');
    record(`${MIB} MiB writeFile (multipart, 16 MiB parts x 4)`, { seconds: writeS, mibPerSec: MIB / writeS });
    record(`${MIB} MiB readFile (one streamed GET)`, { seconds: readS, mibPerSec: MIB / readS });
  } finally {
    await store.destroy();
  }
}

try {
  console.error(
    `S3 benchmark on ${availableParallelism()} cores (server: ${process.env.TOIL_S3_HOST}:${process.env.TOIL_S3_PORT})`,
  );
  await fanout();
  await bigFile();
  const out = { date: new Date().toISOString(), cores: availableParallelism(), node: process.version, rows };
  writeFileSync(join(e2eDir, 'bench', 's3-results.json'), `${JSON.stringify(out, null, 2)}\n`);
} finally {
  cleanup();
}
