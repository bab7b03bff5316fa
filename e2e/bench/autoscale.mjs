// `node e2e/bench/autoscale.mjs`: what one autoscaler check costs the leader. Times the bin packing of queues of
// 100, 1,000 and 10,000 issued jobs (mixed sizes and run times) onto three node types, and a whole check of the
// ClusterScaler (packing, policy, provisioner calls) against an in-memory provisioner, median of ROUNDS runs.
// Prints the figures and writes bench/autoscale-results.json. Needs a build (pnpm build).
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseOptions } from '@toil/core';
import { createLogger } from '@toil/core/backend';
import { binPack, ClusterScaler } from '@toil/core/internal';
import { e2eDir, median } from './measure.mjs';

const ROUNDS = 7;
const GiB = 2 ** 30;
const TYPES = {
  'c5.large': { cores: 2, memory: 4 * GiB },
  'c5.4xlarge': { cores: 16, memory: 32 * GiB },
  'r5.2xlarge': { cores: 8, memory: 64 * GiB },
};
const SPEC = 'c5.large:0.05,c5.4xlarge,r5.2xlarge';

/** Issued jobs of mixed shapes: 1-4 cores, 0.5-16 GiB, 1-600 s, a third of them preemptible. */
function queue(n) {
  return Array.from({ length: n }, (_, i) => ({
    name: `job${i % 10}`,
    displayName: `job${i % 10}`,
    requirements: {
      cores: 1 + (i % 4),
      memory: (0.5 + (i % 32) / 2) * GiB,
      disk: GiB,
      accelerators: [],
      preemptible: i % 3 === 0,
    },
    service: false,
  }));
}

const provisioner = {
  nodes: [],
  async addNodes(nodeType, count, preemptible) {
    for (let i = 0; i < count; i++)
      this.nodes.push({ id: `i-${this.nodes.length}`, name: `n${this.nodes.length}`, nodeType, preemptible });
    return count;
  },
  async terminateNodes(ids) {
    this.nodes = this.nodes.filter((n) => !ids.includes(n.id));
  },
  async getNodes() {
    return [...this.nodes];
  },
  async getNodeShape(instanceType) {
    return TYPES[instanceType];
  },
};

const config = parseOptions(
  { provisioner: 'bench', nodeTypes: SPEC, maxNodes: '1000', targetTime: 1800 },
  { jobStore: '/tmp/js-bench-autoscale', env: {} },
);
const scaler = await ClusterScaler.create({ provisioner, batch: {}, config, log: createLogger('OFF') });
for (let i = 0; i < 10; i++) scaler.runtimes.record(`job${i}`, 1 + i * 60);

const rows = [];
for (const n of [100, 1000, 10000]) {
  const jobs = queue(n);
  const shapes = jobs.map((j) => ({ ...j.requirements, name: j.name, seconds: scaler.runtimes.estimate(j.name) }));
  const packMs = [];
  const checkMs = [];
  let counts = [];
  for (let r = 0; r < ROUNDS; r++) {
    let t = performance.now();
    counts = binPack(shapes, scaler.shapes, config.targetTime).counts;
    packMs.push(performance.now() - t);
    provisioner.nodes = [];
    scaler.start({ issuedJobs: () => jobs });
    t = performance.now();
    await scaler.stop();
    checkMs.push(performance.now() - t);
  }
  rows.push({
    issuedJobs: n,
    nodesEstimated: counts,
    packMedianMs: median(packMs),
    twoChecksMedianMs: median(checkMs),
  });
}

console.log(`| issued jobs | nodes (${SPEC}) | bin packing, median ms | start+stop (two checks), median ms |`);
console.log('|---|---|---|---|');
for (const row of rows)
  console.log(
    `| ${row.issuedJobs} | ${row.nodesEstimated.join(', ')} | ${row.packMedianMs.toFixed(1)} | ${row.twoChecksMedianMs.toFixed(1)} |`,
  );
writeFileSync(
  join(e2eDir, 'bench', 'autoscale-results.json'),
  `${JSON.stringify({ date: new Date().toISOString(), cpus: cpus().length, loadAverage: loadavg()[0], rounds: ROUNDS, rows }, null, 2)}\n`,
);
