/**
 * The autoscaler with a real batch system that knows where jobs run: `toil run --batchSystem slurm --provisioner
 * fake` on the local Slurm. The fake cloud (e2e/fixtures/fake-provisioner.mjs) names its first node after the real
 * Slurm node, so Slurm's own view (squeue) says when that node is busy, while the other nodes it "starts" never
 * join and so are idle. The autoscaler removes idle nodes while jobs still run elsewhere, never the busy one, and
 * exports toil_current_size/toil_desired_size on the metrics endpoint. Only the cloud API is fake.
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { startToil, waitUntil } from './helpers/background.js';
import { fixture } from './helpers/cli.js';
import { requireSlurm } from './helpers/hpc.js';
import { tempDir } from './helpers/temp.js';

interface Call {
  at: number;
  call: 'addNodes' | 'terminateNodes';
  names?: string[];
  nodes: number;
}

/** A gauge's value on a Prometheus text page. */
function gauge(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('toil run --batchSystem slurm --provisioner (fake cloud API, real Slurm)', { timeout: 240_000 }, () => {
  beforeAll(requireSlurm);

  it('removes idle nodes while jobs run on another, never the busy one, and exports the cluster size', async () => {
    const dir = await tempDir();
    const log = join(dir, 'calls.jsonl');
    const slurmNode = execFileSync('sinfo', ['-h', '-N', '-o', '%N'], { encoding: 'utf8' }).trim().split('\n')[0];
    // Six one-core naps of 4 s that should start within 1 s want six cores: three two-core nodes. Slurm runs
    // them all on its one node, two at a time, so the wanted count falls while naps still run there. Until a nap
    // ends the autoscaler expects a nap to take the mean of the jobs before it: the first naps 3 s, so the
    // estimate (over 1.5 s, more than the 1 s target) does not depend on the machine's speed. On a quiet machine the
    // fan-out job alone took under 1 s, Slurm's wall time said 0 s, and two or even one node seemed enough.
    const leader = startToil(
      [
        'run',
        fixture('autoscale.ts'),
        join(dir, 'js'),
        ...['--job', 'slowNapFan', '--args', JSON.stringify([6, 4000, 3000])],
        ...['--batchSystem', 'slurm', '--statePollingWait', '0.5', '--defaultMemory', '64M'],
        ...['--provisioner', 'fake', '--nodeTypes', 'fake.small', '--minNodes', '1', '--maxNodes', '3'],
        ...['--scaleInterval', '0.5', '--targetTime', '1', '--betaInertia', '0', '--metrics'],
      ],
      {
        TOIL_PLUGINS: fixture('fake-provisioner.mjs'),
        FAKE_PROVISIONER_LOG: log,
        FAKE_PROVISIONER_REAL_NODES: slurmNode,
      },
    );
    let stderr = '';
    leader.child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    await waitUntil('the leader logs the metrics URL', () =>
      /Serving Prometheus metrics at http:\/\/\S+\/metrics/.test(stderr),
    );
    const url = /Serving Prometheus metrics at (http:\/\/\S+\/metrics)/.exec(stderr)![1];
    // Read the gauges all through the run and keep the largest values: the moment when three nodes are wanted and
    // there can be short on a loaded machine, and the endpoint closes with the leader.
    const largest = { desired: 0, current: 0 };
    let running = true;
    const watching = (async () => {
      while (running) {
        try {
          const text = await (await fetch(url)).text();
          const desired = gauge(text, 'toil_desired_size{node_type="fake.small"}') ?? 0;
          const current = gauge(text, 'toil_current_size{node_type="fake.small"}') ?? 0;
          largest.desired = Math.max(largest.desired, desired);
          largest.current = Math.max(largest.current, current);
        } catch {
          // The leader has ended and closed its endpoint.
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();

    const done = await leader.done;
    running = false;
    await watching;
    expect(done.code, done.stderr).toBe(0);
    expect(largest).toEqual({ desired: 3, current: 3 });
    const naps = JSON.parse(done.stdout) as [number, number][];
    expect(naps).toHaveLength(6);
    const recorded = (await readFile(log, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Call);
    expect(Math.max(...recorded.map((c) => c.nodes))).toBe(3);
    const terminations = recorded.filter((c) => c.call === 'terminateNodes');
    const removed = terminations.flatMap((c) => c.names ?? []);
    // The two nodes that never ran anything went; the Slurm node, busy throughout, stayed (minNodes 1).
    expect(removed.sort()).toEqual(['fake-node-1', 'fake-node-2']);
    expect(recorded.at(-1)!.nodes).toBe(1);
    // Per-node knowledge: at least one idle node went while a nap was still running on the Slurm node.
    const lastNapEnd = Math.max(...naps.map(([, end]) => end));
    expect(terminations.some((t) => t.at < lastNapEnd)).toBe(true);
    // The Slurm node is not left drained for the other tests.
    expect(execFileSync('sinfo', ['-h', '-N', '-n', slurmNode, '-o', '%t'], { encoding: 'utf8' }).trim()).toMatch(
      /^(idle|mix|alloc)/,
    );
  });
});
