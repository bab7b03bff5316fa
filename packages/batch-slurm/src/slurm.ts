import { InvalidValueError, type BatchSystemContext } from '@toil/core';
import {
  clockTime,
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
import { endedRows, parseSacct, parseScontrol, parseSqueue, SACCT_FIELDS, SQUEUE_FORMAT, type SlurmRow } from './slurm-parse.js';

/** Extra sbatch arguments for every job, e.g. `-p short --qos=normal` (Toil's TOIL_SLURM_ARGS). */
export const SLURM_ARGS_ENV = 'TOIL_SLURM_ARGS';

/** sbatch options Toil sets from each job's requirements, so TOIL_SLURM_ARGS must not. */
const RESERVED = /^(-c|--cpus-per-task(=.*)?|--mem(=.*)?|--mem-per-cpu(=.*)?|-J|--job-name(=.*)?|-o|--output(=.*)?|-e|--error(=.*)?)$/;

/** How sacct says accounting is off (slurmdbd not configured or not running). */
const NO_ACCOUNTING = /accounting storage is disabled|slurmdbd|Connection refused|not running a supported accounting_storage/i;

/**
 * `--batchSystem slurm`: jobs go in with `sbatch` (the worker script on stdin), live states come from `squeue`,
 * exit codes of ended jobs from `sacct`, or from `scontrol show job` when accounting is off (Slurm keeps ended
 * jobs there for MinJobAge), and `scancel` kills.
 */
export class SlurmBatchSystem extends GridBatchSystem {
  readonly name = 'slurm';
  protected readonly schedulerName = 'Slurm';
  protected readonly requiredCommands = ['sbatch', 'squeue', 'scancel', 'scontrol'];
  protected readonly jobIdPlaceholder = '%j';
  private readonly extraArgs: string[];
  /** Whether sacct works here; learned from its first answer. */
  private accounting: boolean | undefined;

  constructor(context: BatchSystemContext, options: GridOptions = {}) {
    super(context, options);
    this.extraArgs = splitArgs(SLURM_ARGS_ENV, process.env[SLURM_ARGS_ENV]);
    const reserved = this.extraArgs.find((arg) => RESERVED.test(arg));
    if (reserved) {
      throw new InvalidValueError(SLURM_ARGS_ENV, process.env[SLURM_ARGS_ENV], `remove '${reserved}': Toil sets cores, memory, job name and output files from each job`);
    }
  }

  protected submitCommand(job: GridSubmission): SubmitCommand {
    const { requirements } = job.spec;
    const argv = ['sbatch', '--parsable', '-J', job.jobName, '-o', job.stdout, '-e', job.stderr];
    argv.push(`--cpus-per-task=${wholeCores(requirements)}`, `--mem=${memoryMiB(requirements)}M`);
    if (job.wallTimeSeconds !== undefined) argv.push(`--time=${clockTime(job.wallTimeSeconds)}`);
    const gpus = gpuCount(requirements);
    if (gpus > 0) argv.push(`--gres=gpu:${gpus}`);
    return { argv: [...argv, ...this.extraArgs], input: job.script };
  }

  protected parseSubmitOutput(result: CommandResult): string {
    // --parsable prints "<id>" or "<id>;<cluster>".
    const id = result.stdout.trim().split('\n').pop()?.split(';')[0].trim() ?? '';
    if (!/^\d+$/.test(id)) throw new SchedulerError(`sbatch printed no job ID: ${JSON.stringify(result.stdout.trim())}`);
    return id;
  }

  protected killCommand(schedulerIds: readonly string[]): string[] {
    return ['scancel', ...schedulerIds];
  }

  protected async queryStatuses(ids: readonly string[]): Promise<Map<string, SchedulerJobStatus>> {
    const statuses = new Map<string, SchedulerJobStatus>();
    const live = await this.command(['squeue', '-h', '-r', '-t', 'all', '-j', ids.join(','), '-o', SQUEUE_FORMAT]);
    // squeue fails when none of the IDs is still in memory: that is "no live jobs", not an outage.
    if (live.exitCode !== 0 && !/Invalid job id/i.test(live.stderr)) throw new SchedulerError(`squeue failed: ${firstErrorLine(live)}`);
    const needFinal = new Set(ids);
    for (const row of live.exitCode === 0 ? parseSqueue(live.stdout) : []) {
      if (!needFinal.has(row.id) || !row.status || row.status.phase === 'ended') continue;
      statuses.set(row.id, row.status);
      needFinal.delete(row.id);
    }
    if (needFinal.size) for (const row of await this.endedJobs([...needFinal])) statuses.set(row.id, row.status as SchedulerJobStatus);
    return statuses;
  }

  /** Exit codes of ended jobs: sacct when accounting works, else scontrol. Jobs neither knows are left out. */
  private async endedJobs(ids: string[]): Promise<SlurmRow[]> {
    let found: SlurmRow[] = [];
    if (this.accounting !== false) {
      const acct = await this.command(['sacct', '-n', '-P', '-X', '-j', ids.join(','), '-o', SACCT_FIELDS]);
      if (acct.exitCode === 0) {
        this.accounting = true;
        found = endedRows(parseSacct(acct.stdout));
      } else if (NO_ACCOUNTING.test(`${acct.stderr}${acct.stdout}`) && this.accounting === undefined) {
        this.accounting = false;
        this.log.info(`Slurm accounting is off here (${firstErrorLine(acct)}); reading job exit codes from scontrol.`);
      } else {
        throw new SchedulerError(`sacct failed: ${firstErrorLine(acct)}`);
      }
    }
    const missing = ids.filter((id) => !found.some((row) => row.id === id));
    if (!missing.length) return found;
    // sacct may lag slurmctld by a moment; scontrol knows ended jobs for MinJobAge. One call lists every job,
    // which is cheaper than one call per job when many end together.
    const all = await this.command(['scontrol', '-o', 'show', 'job']);
    if (all.exitCode !== 0 && !/no jobs in the system/i.test(`${all.stdout}${all.stderr}`)) throw new SchedulerError(`scontrol show job failed: ${firstErrorLine(all)}`);
    const wanted = new Set(missing);
    return [...found, ...endedRows(parseScontrol(all.stdout)).filter((row) => wanted.has(row.id))];
  }
}
