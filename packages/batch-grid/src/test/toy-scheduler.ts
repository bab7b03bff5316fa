import { BatchJobExitReason, type BatchSystemContext } from '@toil/core/backend';
import { testConfig } from '@toil/testing';
import { GridBatchSystem } from '../grid-batch-system.js';
import type { GridOptions, GridSubmission, SubmitCommand } from '../grid-types.js';
import type { ArraySupport } from '../array-script.js';
import type { CommandResult } from '../command-runner.js';
import type { SchedulerJobStatus } from '../job-status.js';
import { SchedulerError } from '../errors.js';

/**
 * A minimal scheduler for testing the base class: `tsub` prints "Submitted <id>", `tstat <ids>` prints
 * "<id> <Q|R|E> <exit>" lines, `tdel <ids>` kills. Tests script those commands with a ScriptedRunner.
 */
export class ToyBatchSystem extends GridBatchSystem {
  readonly name = 'toy';
  protected readonly schedulerName = 'Toy';
  protected readonly requiredCommands = ['tsub', 'tstat', 'tdel'];
  protected readonly jobIdPlaceholder = '%ID%';

  protected submitCommand(job: GridSubmission): SubmitCommand | Promise<SubmitCommand> {
    return { argv: ['tsub', '-n', job.jobName, '-o', job.stdout, '-e', job.stderr], input: job.script };
  }

  protected parseSubmitOutput(result: CommandResult): string {
    const id = /^Submitted (\d+)$/m.exec(result.stdout)?.[1];
    if (!id) throw new SchedulerError('no "Submitted <id>" line');
    return id;
  }

  protected async queryStatuses(ids: readonly string[]): Promise<Map<string, SchedulerJobStatus>> {
    const out = await this.commandOutput(['tstat', ...ids]);
    const statuses = new Map<string, SchedulerJobStatus>();
    for (const line of out.split('\n')) {
      const [id, state, exit] = line.trim().split(/\s+/);
      if (state === 'Q') statuses.set(id, { phase: 'queued' });
      else if (state === 'R') statuses.set(id, { phase: 'running', elapsed: 1 });
      else if (state === 'E') {
        const code = Number(exit);
        statuses.set(id, {
          phase: 'ended',
          exitStatus: code,
          exitReason: code === 0 ? BatchJobExitReason.FINISHED : BatchJobExitReason.FAILED,
          wallTime: 2,
        });
      }
    }
    return statuses;
  }

  protected killCommand(ids: readonly string[]): string[] {
    return ['tdel', ...ids];
  }
}

/** The toy scheduler with job arrays: `tsub -a N` submits N tasks, named `<id>.<index>` from index 1. */
export class ToyArrayBatchSystem extends ToyBatchSystem {
  protected override readonly arraySupport: ArraySupport = {
    indexVariable: 'TOY_TASK',
    firstIndex: 1,
    taskIdExpression: '"$TOY_ID.$TOY_TASK"',
    maxTasks: 3,
  };

  protected override arraySubmitCommand(jobs: readonly GridSubmission[], script: string): SubmitCommand {
    return { argv: ['tsub', '-a', String(jobs.length)], input: script };
  }

  protected override parseArraySubmitOutput(result: CommandResult, count: number): string[] {
    const id = this.parseSubmitOutput(result);
    return Array.from({ length: count }, (_, i) => `${id}.${i + 1}`);
  }
}

/** A toy batch system with fast timings, writing output files under `workDir`. */
export function toyBatchSystem(
  workDir: string,
  options: GridOptions,
  overrides: Partial<BatchSystemContext> = {},
): ToyBatchSystem {
  const config = testConfig({ workDir, statePollingWait: 0.05, workflowId: 'toy-workflow' });
  return new ToyBatchSystem(
    {
      config,
      maxCores: 4,
      maxMemory: Infinity,
      maxDisk: Infinity,
      locator: 'memory:toy',
      pluginPaths: {},
      ...overrides,
    },
    {
      ...options,
      tuning: { retryInitialMs: 20, retryMaxMs: 50, vanishedGraceMs: 0, killWaitMs: 2000, ...options.tuning },
    },
  );
}
