/**
 * `Toil.open({ backendOptions })` on the local Slurm: the batch system's own option (`slurmJobArrays`, which
 * `toil run --help` lists under slurm) reaches the backend through the embedding API as it does through the CLI.
 * Jobs really run under slurmctld; the runner only records the command lines.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidValueError, Toil } from '@toil/core';
import { registerPlugin, type BatchSystemContext } from '@toil/core/backend';
import { ProcessCommandRunner, type CommandOptions, type CommandResult, type CommandRunner } from '@toil/batch-grid';
import { afterEach, describe, expect, it } from 'vitest';
import { plugin as slurmPlugin } from './index.js';
import { SlurmBatchSystem } from './slurm.js';
import { requireSlurm } from './test-cluster.js';
import { main } from './test/fanout-workflow.js';

requireSlurm();

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const step of cleanup.splice(0).reverse()) step();
});

/** Records every scheduler command line and runs it for real. */
class RecordingRunner implements CommandRunner {
  readonly calls: string[][] = [];
  private readonly inner = new ProcessCommandRunner();
  run(argv: readonly string[], options?: CommandOptions): Promise<CommandResult> {
    this.calls.push([...argv]);
    return this.inner.run(argv, options);
  }
}

/** The real slurm plugin under a test name, its options included, with a recording runner. */
function recordedSlurm(name: string): RecordingRunner {
  const runner = new RecordingRunner();
  registerPlugin({
    ...slurmPlugin,
    name,
    moduleUrl: import.meta.url,
    load: async () => ({ create: (context: BatchSystemContext) => new SlurmBatchSystem(context, { runner }) }),
  });
  return runner;
}

function workDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'slurm-backend-options-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const workflowModule = fileURLToPath(new URL('./test/fanout-workflow.ts', import.meta.url));
const sbatches = (runner: RecordingRunner) => runner.calls.filter((argv) => argv[0] === 'sbatch');

describe('backendOptions of Toil.open on Slurm', () => {
  it('submits equal jobs as one array by default, and one by one with { slurmJobArrays: false }', async () => {
    const dir = workDir();
    const options = { workDir: dir, workflowModule, maxCores: 2, statePollingWait: 0.5, logLevel: 'WARNING' } as const;

    const arrays = recordedSlurm('slurm_opts_default');
    const first = await Toil.start({ ...options, jobStore: join(dir, 'a'), batchSystem: 'slurm_opts_default' }, main);
    expect(first).toEqual([1, 4, 9]);
    expect(sbatches(arrays).filter((argv) => argv.some((a) => a.startsWith('--array=')))).toHaveLength(1);

    const single = recordedSlurm('slurm_opts_off');
    const second = await Toil.start(
      {
        ...options,
        jobStore: join(dir, 'b'),
        batchSystem: 'slurm_opts_off',
        backendOptions: { slurmJobArrays: false },
      },
      main,
    );
    expect(second).toEqual([1, 4, 9]);
    expect(sbatches(single).some((argv) => argv.some((a) => a.startsWith('--array')))).toBe(false);
    // Each of the three children on its own sbatch.
    const named = (argv: string[]) => argv[argv.indexOf('-J') + 1];
    expect(sbatches(single).filter((argv) => named(argv).endsWith('slurmopts.square'))).toHaveLength(3);
  }, 120_000);

  it('refuses a name the batch system does not have, naming its options, before creating the job store', async () => {
    const dir = workDir();
    recordedSlurm('slurm_opts_typo');
    const jobStore = join(dir, 'js');
    const open = Toil.open({
      jobStore,
      workDir: dir,
      workflowModule,
      batchSystem: 'slurm_opts_typo',
      backendOptions: { slurmJobArray: false },
    });
    await expect(open).rejects.toThrow(InvalidValueError);
    await expect(open).rejects.toThrow(
      `Invalid backendOptions "slurmJobArray": it is not an option of the batch system 'slurm_opts_typo'; did you mean slurmJobArrays? (its options are slurmJobArrays, slurmReuseTasks)`,
    );
    expect(existsSync(jobStore)).toBe(false);
  });
});
