import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { CommandResult } from '@toil/batch-grid';
import { describe, expect, it } from 'vitest';
import { forgetSlurmNode, isDynamic, listSlurmNodes, parseNodeStates } from './slurm-node-records.js';
import { requireSlurm } from './test-cluster.js';

// Dynamic nodes (a cloud cluster's workers) are forgotten on the cloud rig: packages/provisioner-aws's
// cluster-faults.test.ts. Here: the parsing, and that the local Slurm's own node (from slurm.conf) is never touched.
requireSlurm();

/** Run a Slurm command here, as the batch system's runner does. */
async function local(argv: readonly string[]): Promise<CommandResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(argv[0]!, argv.slice(1), { encoding: 'utf8' });
    return { exitCode: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { exitCode: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('Slurm node records for the autoscaler', () => {
  it('reads names and states, and tells dynamic nodes from those of slurm.conf', () => {
    const nodes = parseNodeStates(
      [
        'NodeName=vm Arch=x86_64 CoresPerSocket=1 CPUAlloc=0 NodeAddr=127.0.0.1 State=IDLE ThreadsPerCore=1',
        'NodeName=ip-10-77-232-11 CPUAlloc=1 NodeAddr=10.77.232.11 State=MIXED+DYNAMIC_NORM Weight=1',
        'NodeName=ip-10-77-232-12 NodeAddr=10.77.232.12 State=DOWN+DYNAMIC_NORM+NOT_RESPONDING Weight=1',
        '',
      ].join('\n'),
    );
    expect([...nodes]).toEqual([
      ['vm', 'IDLE'],
      ['ip-10-77-232-11', 'MIXED+DYNAMIC_NORM'],
      ['ip-10-77-232-12', 'DOWN+DYNAMIC_NORM+NOT_RESPONDING'],
    ]);
    expect([...nodes.values()].map(isDynamic)).toEqual([false, true, true]);
    expect(isDynamic('IDLE+DYNAMIC_FUTURE')).toBe(false);
  });

  it("lists the local Slurm's node as joined, not dynamic, and never forgets it", async () => {
    const { joined, dynamic } = await listSlurmNodes(local);
    const [name] = [...joined];
    expect(name).toMatch(/\S/);
    expect(dynamic.has(name!)).toBe(false);
    expect(await forgetSlurmNode(local, name!)).toBe(false);
    const state = (await local(['sinfo', '-h', '-N', '-n', name!, '-o', '%t'])).stdout.trim();
    expect(state).toMatch(/^(idle|mix|alloc)/);
  });

  it('takes a node Slurm does not have as already forgotten', async () => {
    expect(await forgetSlurmNode(local, 'toil-no-such-node')).toBe(true);
  });
});
