// `pnpm bench:cache`: the caching file store against the plain one. 8 jobs on this node each read the same
// BENCH_CACHE_MIB (512) MiB file, read-only, and hold it 1 s as a job at work would, with --disableCaching false
// and with --disableCaching, in two places:
// - job store on another file system than the work dir (/dev/shm, as a shared or network store is on a cluster
//   node): the plain file store copies the file into each job's temp dir, the cache copies it once;
// - job store on the work dir's file system: the plain file store hard-links from the store.
// Wall time is the whole `toil run` (the import of the file included, the same in both); "reads" is the time
// the 8 jobs spent in readGlobalFile, summed; peak extra disk is the most the workflow's work dir held at once
// beyond the job store's own files (sampled every 50 ms, hard links counted once). Prints a table, writes
// bench/filestore-cache-results.json. Needs a build first (pnpm build).
import {
  closeSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { e2eDir, expectEqual, fixture, runToil, scratch } from './measure.mjs';

const MIB = Number(process.env.BENCH_CACHE_MIB ?? 512);
const READERS = 8;
const HOLD_MS = 1000;
const rows = [];

/** Bytes on disk under a directory, each inode once, less inodes in `seen` already (the job store's own). */
function diskUsed(dir, seen = new Set()) {
  let total = 0;
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    let info;
    try {
      info = lstatSync(join(dir, name));
    } catch {
      continue;
    }
    if (info.isDirectory()) total += diskUsed(join(dir, name), seen);
    else if (!seen.has(`${info.dev}:${info.ino}`)) {
      seen.add(`${info.dev}:${info.ino}`);
      total += info.blocks * 512;
    }
  }
  return total;
}

async function measure(label, storeParent, caching) {
  const { dir, cleanup } = scratch('toil-bench-cache-');
  const store = scratch('toil-bench-cache-store-');
  try {
    const input = join(dir, 'input.bin');
    const fd = openSync(input, 'w', 0o600);
    const chunk = Buffer.alloc(2 ** 20);
    for (let i = 0; i < MIB; i++) {
      chunk.fill(i & 0xff);
      writeSync(fd, chunk);
    }
    closeSync(fd);
    const workDir = join(dir, 'work');
    mkdirSync(workDir, { mode: 0o700 });
    const jobStore = join(storeParent ?? store.dir, 'js');
    let peak = 0;
    // A hard link to a job-store file costs no disk: the job store's inodes are left out of the work dir's count.
    const sampler = setInterval(() => {
      const storeInodes = new Set();
      diskUsed(jobStore, storeInodes);
      peak = Math.max(peak, diskUsed(workDir, storeInodes));
    }, 50);
    const r = await runToil({
      module: fixture('caching.ts'),
      jobStore,
      job: 'readBigShared',
      args: [input, READERS, HOLD_MS, false],
      extra: ['--workDir', workDir, '--disableCaching', caching ? 'false' : 'true', '--logLevel', 'WARNING'],
    });
    clearInterval(sampler);
    expectEqual(r.result.length, READERS, 'readers');
    expectEqual(
      r.result.every((x) => x.size === MIB * 2 ** 20),
      true,
      'sizes',
    );
    // Time the jobs spent in readGlobalFile, summed (the jobs' start-up on a small machine is not the file store's).
    const reads = r.result.reduce((sum, x) => sum + (x.endMs - x.startMs), 0);
    const row = {
      name: label,
      caching,
      wallS: r.wallMs / 1000,
      readsS: reads / 1000,
      peakExtraDiskMiB: peak / 2 ** 20,
    };
    rows.push(row);
    console.error(`  ${label}, ${caching ? 'cached' : '--disableCaching'}: ${JSON.stringify(row)}`);
  } finally {
    cleanup();
    store.cleanup();
  }
}

for (const caching of [true, false]) {
  // scratch() makes its dir under the system temp dir; this case needs the job store on /dev/shm (tmpfs).
  const shmDir = mkdtempSync('/dev/shm/toil-bench-cache-');
  try {
    await measure('job store on another file system (/dev/shm)', shmDir, caching);
  } finally {
    rmSync(shmDir, { recursive: true, force: true });
  }
}
for (const caching of [true, false]) await measure("job store on the work dir's file system", undefined, caching);

const table = [
  `| ${READERS} jobs read one ${MIB} MiB file | file store | Wall (s) | In readGlobalFile, 8 jobs summed (s) | Peak extra disk (MiB) |`,
  '|---|---|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.name} | ${r.caching ? 'caching' : 'plain (--disableCaching)'} | ${r.wallS.toFixed(2)} | ${r.readsS.toFixed(2)} | ${r.peakExtraDiskMiB.toFixed(0)} |`,
  ),
].join('\n');
console.log(table);
writeFileSync(
  join(e2eDir, 'bench', 'filestore-cache-results.json'),
  JSON.stringify({ date: new Date().toISOString(), mib: MIB, readers: READERS, holdMs: HOLD_MS, rows }, null, 2) + '\n',
);
