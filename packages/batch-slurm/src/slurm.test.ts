import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BatchJobExitReason,
  EXIT_STATUS_UNAVAILABLE,
  type BatchJobSpec,
  type UpdatedBatchJobInfo,
} from '@toil/core/backend';
import { ProcessCommandRunner, type CommandOptions, type CommandResult, type CommandRunner } from '@toil/batch-grid';
import { shellJobSpec } from '@toil/batch-grid/testing';
import { testConfig } from '@toil/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { SlurmBatchSystem } from './slurm.js';
import { requireSlurm } from './test-cluster.js';

// Plain shell commands as "workers": these tests are about talking to the real Slurm, not about Toil jobs.
requireSlurm();

/** How RecordingRunner bends Slurm's answers. */
interface Bends {
  /** sacct answers as it does on a cluster without slurmdbd. */
  sacctDisabled?: boolean;
  /** `scontrol show job` leaves out ended jobs too, as after slurmctld purges them (MinJobAge). */
  scontrolPurged?: boolean;
}

const ENDED = /(COMPLETED|FAILED|CANCELLED|TIMEOUT)/;

/**
 * Real commands, recorded. squeue's answer always drops ended jobs, as it does once slurmctld purges them
 * (MinJobAge, 300 s here, too long to wait for in a test), so exit codes must come from elsewhere.
 */
class RecordingRunner implements CommandRunner {
  private readonly real = new ProcessCommandRunner();
  readonly commands: string[] = [];
  constructor(private readonly bends: Bends = {}) {}
  async run(argv: readonly string[], options?: CommandOptions): Promise<CommandResult> {
    this.commands.push(argv.slice(0, 2).join(' '));
    if (argv[0] === 'sacct' && this.bends.sacctDisabled)
      return { exitCode: 1, stdout: '', stderr: 'sacct: error: Slurm accounting storage is disabled\n' };
    const result = await this.real.run(argv, options);
    const purge = argv[0] === 'squeue' || (argv[0] === 'scontrol' && argv.includes('job') && this.bends.scontrolPurged);
    if (!purge) return result;
    const pattern = argv[0] === 'squeue' ? new RegExp(`\\|${ENDED.source}\\|`) : new RegExp(`JobState=${ENDED.source}`);
    return {
      ...result,
      stdout: result.stdout
        .split('\n')
        .filter((line) => !pattern.test(line))
        .join('\n'),
    };
  }
}

const opened: SlurmBatchSystem[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((bs) => bs.shutdown()));
  delete process.env.TOIL_SLURM_ARGS;
});

function slurm(
  runner: CommandRunner,
  memory = 64 * 2 ** 20,
): { bs: SlurmBatchSystem; spec: (script: string) => BatchJobSpec } {
  const workDir = mkdtempSync(join(tmpdir(), 'slurm-test-'));
  const bs = new SlurmBatchSystem(
    {
      // Tasks that run several jobs (slurmReuseTasks) report exit codes through files: these tests are about Slurm's.
      config: testConfig({ workDir, statePollingWait: 0.2, extra: { slurmReuseTasks: false } }),
      maxCores: Infinity,
      maxMemory: Infinity,
      maxDisk: Infinity,
      locator: 'memory:none',
      pluginPaths: {},
    },
    { runner },
  );
  opened.push(bs);
  const spec = (script: string): BatchJobSpec => shellJobSpec(script, { memory });
  return { bs, spec };
}

async function collect(bs: SlurmBatchSystem, n: number): Promise<Map<number, UpdatedBatchJobInfo>> {
  const out = new Map<number, UpdatedBatchJobInfo>();
  while (out.size < n) {
    const update = await bs.getUpdatedBatchJob(60_000);
    if (!update) throw new Error('no job ended within 60 s');
    out.set(update.batchJobId, update);
  }
  return out;
}

describe('Slurm exit codes, with and without accounting (real local Slurm)', { timeout: 120_000 }, () => {
  it('reads exit codes from sacct for jobs slurmctld no longer lists', async () => {
    const runner = new RecordingRunner();
    const { bs, spec } = slurm(runner);
    const ok = await bs.issueBatchJob(spec('sleep 1'));
    const bad = await bs.issueBatchJob(spec('exit 3'));
    const updates = await collect(bs, 2);
    expect(updates.get(ok)).toMatchObject({ exitStatus: 0, exitReason: BatchJobExitReason.FINISHED });
    expect(updates.get(bad)).toMatchObject({ exitStatus: 3, exitReason: BatchJobExitReason.FAILED });
    expect(runner.commands.some((c) => c.startsWith('sacct'))).toBe(true);
  });

  it('falls back to scontrol when sacct says accounting is disabled, and stops asking sacct', async () => {
    const runner = new RecordingRunner({ sacctDisabled: true });
    const { bs, spec } = slurm(runner);
    const ok = await bs.issueBatchJob(spec('true'));
    const bad = await bs.issueBatchJob(spec('exit 5'));
    const signalled = await bs.issueBatchJob(spec('kill -9 $$'));
    const updates = await collect(bs, 3);
    expect(updates.get(ok)).toMatchObject({ exitStatus: 0, exitReason: BatchJobExitReason.FINISHED });
    expect(updates.get(bad)).toMatchObject({ exitStatus: 5, exitReason: BatchJobExitReason.FAILED });
    expect(updates.get(signalled)).toMatchObject({ exitStatus: 137, exitReason: BatchJobExitReason.FAILED });
    expect(runner.commands.filter((c) => c.startsWith('sacct'))).toHaveLength(1);
    expect(runner.commands).toContain('scontrol -o');
  });
});

describe(
  'Slurm exit codes after slurmctld forgot the job, without accounting (real local Slurm)',
  { timeout: 120_000 },
  () => {
    it('reads them from the job completion log (jobcomp/filetxt)', async () => {
      const runner = new RecordingRunner({ sacctDisabled: true, scontrolPurged: true });
      const { bs, spec } = slurm(runner);
      const ok = await bs.issueBatchJob(spec('true'));
      const bad = await bs.issueBatchJob(spec('exit 4'));
      const updates = await collect(bs, 2);
      expect(updates.get(ok)).toMatchObject({ exitStatus: 0, exitReason: BatchJobExitReason.FINISHED });
      expect(updates.get(bad)).toMatchObject({ exitStatus: 4, exitReason: BatchJobExitReason.FAILED });
      expect(runner.commands).toContain('scontrol show');
    });
  },
);

describe('Slurm refusing jobs (real local Slurm)', { timeout: 60_000 }, () => {
  it("ends a job sbatch refuses (unknown partition) as ERROR with sbatch's reason, at once", async () => {
    process.env.TOIL_SLURM_ARGS = '--partition=nosuch';
    const { bs, spec } = slurm(new ProcessCommandRunner());
    const id = await bs.issueBatchJob(spec('true'));
    const update = await bs.getUpdatedBatchJob(30_000);
    expect(update).toMatchObject({
      batchJobId: id,
      exitStatus: EXIT_STATUS_UNAVAILABLE,
      exitReason: BatchJobExitReason.ERROR,
    });
    expect(update?.output).toMatch(/invalid partition specified: nosuch/i);
  });

  it("ends a job asking for more memory than the node has as ERROR with sbatch's reason", async () => {
    const { bs, spec } = slurm(new ProcessCommandRunner(), 64 * 2 ** 40);
    await bs.issueBatchJob(spec('true'));
    const update = await bs.getUpdatedBatchJob(30_000);
    expect(update?.exitReason).toBe(BatchJobExitReason.ERROR);
    expect(update?.output).toMatch(
      /Slurm refused job 1 \(shell\): sbatch: error: .*(memory|Requested node configuration)/i,
    );
  });

  it('refuses TOIL_SLURM_ARGS that set what Toil sets per job, quoting it', () => {
    process.env.TOIL_SLURM_ARGS = '-p short --mem=4G';
    expect(() => slurm(new ProcessCommandRunner())).toThrow(/TOIL_SLURM_ARGS.*"-p short --mem=4G".*remove '--mem=4G'/);
  });
});
