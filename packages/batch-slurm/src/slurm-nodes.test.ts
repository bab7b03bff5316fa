import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shellJobSpec, waitFor } from '@toil/batch-grid/testing';
import { testConfig } from '@toil/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { SlurmBatchSystem } from './slurm.js';
import { requireSlurm } from './test-cluster.js';

// What the autoscaler asks of Slurm: which nodes run jobs, and draining a node it means to remove.
requireSlurm();

/** The local Slurm's one node and its state, from sinfo. */
function node(): { name: string; state: string } {
  const [name, state] = execFileSync('sinfo', ['-h', '-N', '-o', '%N %t'], { encoding: 'utf8' }).trim().split(/\s+/);
  return { name, state };
}

const opened: SlurmBatchSystem[] = [];
afterEach(async () => {
  for (const bs of opened.splice(0)) await bs.shutdown();
});

function slurm(): SlurmBatchSystem {
  const workDir = mkdtempSync(join(tmpdir(), 'slurm-nodes-test-'));
  const bs = new SlurmBatchSystem({
    config: testConfig({ workDir, statePollingWait: 0.2 }),
    maxCores: Infinity,
    maxMemory: Infinity,
    maxDisk: Infinity,
    locator: 'memory:none',
    pluginPaths: {},
  });
  opened.push(bs);
  return bs;
}

describe('Slurm nodes for the autoscaler (real local Slurm)', { timeout: 120_000 }, () => {
  it('names the node a running job holds, expanded from squeue', async () => {
    const bs = slurm();
    const id = await bs.issueBatchJob(shellJobSpec('sleep 30', { memory: 2 ** 26 }));
    await waitFor(() => bs.getRunningBatchJobIds().has(id), 60_000);
    const busy = await bs.getBusyNodes();
    expect([...busy]).toContain(node().name);
    // Names, not host-list expressions.
    for (const name of busy) expect(name).toMatch(/^[^[\],\s]+$/);
    await bs.killBatchJobs([id]);
  });

  it('drains a node so it takes no new jobs, and resumes it', async () => {
    const bs = slurm();
    const { name } = node();
    try {
      await bs.ignoreNode(name);
      // Slurm shows `drain` (idle) or `drng` (still running someone's job): either way no new job starts there.
      expect(node().state).toMatch(/^(drain|drng|drained)/);
      const reason = execFileSync('sinfo', ['-h', '-N', '-n', name, '-o', '%E'], { encoding: 'utf8' }).trim();
      expect(reason).toBe('toil-autoscaler-removing');
    } finally {
      // The node is shared with every other Slurm test: never leave it drained.
      await bs.unignoreNode(name);
    }
    expect(node().state).toMatch(/^(idle|mix|alloc)/);
  });

  it('counts a node Slurm does not know (not registered yet) as drained: it runs nothing', async () => {
    const bs = slurm();
    await expect(bs.ignoreNode('toil-no-such-node')).resolves.toBeUndefined();
    expect([...(await bs.getBusyNodes())]).not.toContain('toil-no-such-node');
  });
});
