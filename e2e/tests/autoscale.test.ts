/**
 * The autoscaler in a real leader (`toil run --provisioner`) on single_machine, with a fake cloud: the provisioner
 * plugin `fake` (e2e/fixtures/fake-provisioner.mjs, loaded through TOIL_PLUGINS into the leader) records every call
 * with its time. It scales up for queued work, back down to --minNodes when the work is done, and never terminates
 * a node while a job runs (single_machine cannot say which node runs what, so every node counts as busy then).
 * Bad autoscaling options and a job no node type fits are one-line errors.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorLines, fixture, stackFrames, toilRun } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

/** One call the fake provisioner recorded. */
interface Call {
  at: number;
  call: 'addNodes' | 'terminateNodes';
  count?: number;
  ids?: string[];
  /** Nodes after the call. */
  nodes: number;
}

async function calls(path: string): Promise<Call[]> {
  return (await readFile(path, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Call);
}

const FAKE_CLOUD = { TOIL_PLUGINS: fixture('fake-provisioner.mjs') };

describe('toil run --provisioner (fake cloud API, real leader and jobs)', () => {
  it('scales up for queued jobs, never removes a node while jobs run, and ends at --minNodes', async () => {
    const dir = await tempDir();
    const log = join(dir, 'calls.jsonl');
    const result = await toilRun(
      'autoscale.ts',
      join(dir, 'js'),
      'napFan',
      [10, 1500],
      // One-core naps of 1.5 s that should all start within 1 s: each needs a core of its own once the autoscaler
      // has learnt how long they take, so 10 of them want 5 two-core nodes; --maxNodes allows 3.
      [
        ...['--provisioner', 'fake', '--nodeTypes', 'fake.small', '--minNodes', '1', '--maxNodes', '3'],
        ...['--scaleInterval', '0.3', '--targetTime', '1', '--betaInertia', '0', '--maxCores', '2'],
        ...['--clusterStats', join(dir, 'stats')],
      ],
      { env: { ...FAKE_CLOUD, FAKE_PROVISIONER_LOG: log } },
    );
    expect(result.stderr).not.toMatch(/ERROR|WARNING/);
    expect(result.code).toBe(0);
    const naps = JSON.parse(result.stdout) as [number, number][];
    expect(naps).toHaveLength(10);

    const recorded = await calls(log);
    const adds = recorded.filter((c) => c.call === 'addNodes');
    const terminations = recorded.filter((c) => c.call === 'terminateNodes');
    // Up to minNodes at once, then to maxNodes for the queued naps, never past it.
    expect(adds[0]).toMatchObject({ count: 1, nodes: 1 });
    expect(Math.max(...recorded.map((c) => c.nodes))).toBe(3);
    expect(adds.at(-1)!.nodes).toBe(3);
    const scaledUpAt = recorded.find((c) => c.nodes === 3)!.at;
    expect(scaledUpAt).toBeLessThan(Math.max(...naps.map(([, end]) => end)));
    // Down to minNodes once the work is done, and no node terminated while any nap ran.
    expect(terminations.length).toBeGreaterThan(0);
    expect(recorded.at(-1)!.nodes).toBe(1);
    for (const t of terminations)
      for (const [start, end] of naps)
        expect(t.at < start || t.at > end, `terminated at ${t.at} during a nap`).toBe(true);

    // --clusterStats: every check with its decision per node type.
    const [statsFile] = await readdir(join(dir, 'stats'));
    const stats = JSON.parse(await readFile(join(dir, 'stats', statsFile), 'utf8')) as {
      nodeTypes: { nodeType: string; cores: number }[];
      checks: { issuedJobs: number; nodeTypes: { desired: number; estimate: number }[] }[];
    };
    expect(stats.nodeTypes).toEqual([expect.objectContaining({ nodeType: 'fake.small', cores: 2 })]);
    expect(stats.checks.some((c) => c.nodeTypes[0].estimate >= 4 && c.nodeTypes[0].desired === 3)).toBe(true);
    expect(stats.checks.at(-1)!.nodeTypes[0].desired).toBe(1);
  });

  it('refuses a job no node type can run, at once and in one line', async () => {
    const dir = await tempDir();
    // Only spot node types, and jobs that do not say they may be preempted.
    const result = await toilRun(
      'autoscale.ts',
      join(dir, 'js'),
      'napFan',
      [2, 10],
      ['--provisioner', 'fake', '--nodeTypes', 'fake.small:0.05', '--scaleInterval', '60'],
      { env: { ...FAKE_CLOUD, FAKE_PROVISIONER_LOG: join(dir, 'calls.jsonl') } },
    );
    expect(result.code).not.toBe(0);
    expect(errorLines(result.stderr)).toEqual([
      "toil: Job 'napFan' needs 1 cores, 2.0 Gi memory, 2.0 Gi disk on a non-preemptible node, which no node type in --nodeTypes can run; the largest is 'fake.small:0.05' with 2 cores, 4.0 Gi memory, 50.0 Gi disk (every node type is preemptible). Add a node type that fits to --nodeTypes, or lower the job's requirements.",
    ]);
    expect(stackFrames(result.stderr)).toEqual([]);
  });

  it.each([
    [['--nodeTypes', 'fake.small:cheap'], 'Invalid --nodeTypes bid "fake.small:cheap": a spot bid is a positive price'],
    [
      ['--nodeTypes', 'fake.small', '--minNodes', '3', '--maxNodes', '2'],
      "node type 'fake.small' would have at least 3",
    ],
    [['--nodeTypes', 'fake small'], "'fake small' is not an instance type name"],
    [['--nodeTypes', 'fake.small', '--betaInertia', '2'], 'Invalid --betaInertia "2": use a number from 0.0 to 0.9'],
    [[], 'the autoscaler needs --nodeTypes'],
    [['--provisioner', 'nosuch', '--nodeTypes', 'fake.small'], "toil: Unknown provisioner 'nosuch'"],
  ])('refuses bad autoscaling options before anything is written: %j', async (extra, message) => {
    const dir = await tempDir();
    const result = await toilRun(
      'autoscale.ts',
      join(dir, 'js'),
      'napFan',
      [1, 1],
      ['--provisioner', 'fake', ...extra],
      {
        env: FAKE_CLOUD,
      },
    );
    expect(result.code).not.toBe(0);
    const lines = errorLines(result.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(message);
    expect(stackFrames(result.stderr)).toEqual([]);
    expect(existsSync(join(dir, 'js'))).toBe(false);
  });
});
