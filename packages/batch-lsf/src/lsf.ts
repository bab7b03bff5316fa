import { InvalidValueError } from '@toil/core';
import type { BatchSystemContext } from '@toil/core/backend';
import {
  firstErrorLine,
  GridBatchSystem,
  gpuCount,
  memoryMiB,
  SchedulerError,
  splitArgs,
  wholeCores,
  type CommandResult,
  type GridOptions,
  type GridSubmission,
  type SchedulerJobStatus,
  type SubmitCommand,
} from '@toil/batch-grid';
import { BJOBS_FIELDS, parseBjobsJson, parseBsubOutput } from './lsf-parse.js';

/** Extra bsub arguments for every job, e.g. `-q medium -P myproject` (Toil's TOIL_LSF_ARGS). */
export const LSF_ARGS_ENV = 'TOIL_LSF_ARGS';

/** bsub options Toil sets from each job, so TOIL_LSF_ARGS must not. */
const RESERVED = /^(-n|-M|-J|-o|-oo|-e|-eo|-W)$/;

/** How LSF clients say mbatchd is unreachable; bsub itself keeps retrying for a while before giving up. */
const LSF_DOWN = /LSF is down|not responding|Please wait|Failed in an LSF library call|cannot connect to LSF/i;

/**
 * `--batchSystem lsf`: jobs go in with `bsub` (the worker script on stdin, which bsub reads as a job script), states
 * and exit codes come from `bjobs -json`, and `bkill` kills. Memory is given in explicit MB units (-M and rusage),
 * which needs LSF 10.1.0.2 or later, as `bjobs -json` does. A job LSF kills at its memory limit (TERM_MEMLIMIT) ends
 * as MEMLIMIT, which `--doubleMem` retries with twice the memory.
 */
export class LsfBatchSystem extends GridBatchSystem {
  readonly name = 'lsf';
  protected readonly schedulerName = 'LSF';
  protected readonly requiredCommands = ['bsub', 'bjobs', 'bkill'];
  protected readonly jobIdPlaceholder = '%J';
  protected override readonly outagePattern = LSF_DOWN;
  private readonly extraArgs: string[];

  constructor(context: BatchSystemContext, options: GridOptions = {}) {
    super(context, options);
    this.extraArgs = splitArgs(LSF_ARGS_ENV, process.env[LSF_ARGS_ENV]);
    const reserved = this.extraArgs.find((arg) => RESERVED.test(arg));
    if (reserved) {
      throw new InvalidValueError(
        LSF_ARGS_ENV,
        process.env[LSF_ARGS_ENV],
        `remove '${reserved}': Toil sets cores, memory, run limit, job name and output files from each job`,
      );
    }
  }

  protected submitCommand(job: GridSubmission): SubmitCommand {
    const { requirements } = job.spec;
    const mem = `${memoryMiB(requirements)}MB`;
    const argv = [
      'bsub',
      '-J',
      job.jobName,
      '-o',
      job.stdout,
      '-e',
      job.stderr,
      '-n',
      String(wholeCores(requirements)),
    ];
    // select: only hosts with that much memory; rusage: reserve it; span: every slot on one host, as one worker runs.
    argv.push('-R', `select[mem>=${mem}] rusage[mem=${mem}] span[hosts=1]`, '-M', mem);
    if (job.wallTimeSeconds !== undefined) argv.push('-W', runLimit(job.wallTimeSeconds));
    const gpus = gpuCount(requirements);
    if (gpus > 0) argv.push('-gpu', `num=${gpus}`);
    return { argv: [...argv, ...this.extraArgs], input: job.script };
  }

  protected parseSubmitOutput(result: CommandResult): string {
    return parseBsubOutput(result.stdout);
  }

  protected killCommand(schedulerIds: readonly string[]): string[] {
    return ['bkill', ...schedulerIds];
  }

  protected async queryStatuses(ids: readonly string[]): Promise<Map<string, SchedulerJobStatus>> {
    // Naming the jobs lists them in every state, finished ones too (for CLEAN_PERIOD, an hour by default).
    const result = await this.command(['bjobs', '-a', '-o', BJOBS_FIELDS, '-json', ...ids]);
    // bjobs exits non-zero when some job is not found, but still prints JSON for the rest.
    if (result.exitCode !== 0 && !result.stdout.trim().startsWith('{')) {
      if (/is not found/i.test(result.stderr) && !LSF_DOWN.test(result.stderr)) return new Map();
      throw new SchedulerError(`bjobs failed (exit ${result.exitCode}): ${firstErrorLine(result)}`);
    }
    const statuses = new Map<string, SchedulerJobStatus>();
    for (const row of parseBjobsJson(result.stdout)) {
      if (row.status) statuses.set(row.id, row.status);
      else if (row.stat)
        this.log.warn(
          `LSF job ${row.id} is in state '${row.stat}', which Toil does not know; waiting for it to change.`,
        );
    }
    return statuses;
  }
}

/** bsub -W takes `[hours:]minutes`; round up so a job never gets less than asked. */
function runLimit(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}
