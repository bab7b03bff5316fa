import { InvalidValueError } from '@toil/core';
import { localWorkflowDir, type BatchSystemContext } from '@toil/core/backend';
import {
  clockTime,
  firstErrorLine,
  GridBatchSystem,
  gpuCount,
  memoryMiB,
  SchedulerError,
  splitArgs,
  wholeCores,
  type ArraySupport,
  type CommandResult,
  type GridOptions,
  type GridSubmission,
  type SchedulerJobStatus,
  type SubmitCommand,
} from '@toil/batch-grid';
import { jobcompLocation, readJobcomp } from './jobcomp.js';
import { poolRunner, poolScript } from './pool-script.js';
import { SlurmPools } from './pools.js';
import { forgetSlurmNode, listSlurmNodes } from './slurm-node-records.js';
import {
  endedRows,
  parseSacct,
  parseScontrol,
  parseSqueue,
  SACCT_FIELDS,
  SQUEUE_FORMAT,
  type SlurmRow,
} from './slurm-parse.js';

/** Extra sbatch arguments for every job, e.g. `-p short --qos=normal` (Toil's TOIL_SLURM_ARGS). */
export const SLURM_ARGS_ENV = 'TOIL_SLURM_ARGS';

/** sbatch options Toil sets from each job's requirements, so TOIL_SLURM_ARGS must not. */
const RESERVED =
  /^(-c|--cpus-per-task(=.*)?|--mem(=.*)?|--mem-per-cpu(=.*)?|-J|--job-name(=.*)?|-o|--output(=.*)?|-e|--error(=.*)?)$/;

const SLURM_COMMANDS = ['sbatch', 'squeue', 'scancel', 'scontrol'];

/** Job states in which a job holds its nodes (a pending job holds none). */
const NODE_HOLDING_STATES = 'CONFIGURING,RUNNING,COMPLETING,SUSPENDED,STOPPED';

/** How scontrol says a node name is not one of its nodes. */
const UNKNOWN_NODE = /Invalid node name/i;

/** The reason `scontrol show node` gives for a node the autoscaler drains. */
const DRAIN_REASON = 'toil-autoscaler-removing';

/** TOIL_SLURM_ARGS split into arguments; refuses those Toil sets per job. */
function slurmArgs(): string[] {
  const args = splitArgs(SLURM_ARGS_ENV, process.env[SLURM_ARGS_ENV]);
  const reserved = args.find((arg) => RESERVED.test(arg));
  if (reserved)
    throw new InvalidValueError(
      SLURM_ARGS_ENV,
      process.env[SLURM_ARGS_ENV],
      `remove '${reserved}': Toil sets cores, memory, job name and output files from each job`,
    );
  return args;
}

/** How sacct says accounting is off (slurmdbd not configured or not running). */
const NO_ACCOUNTING =
  /accounting storage is disabled|slurmdbd|Connection refused|not running a supported accounting_storage/i;

/**
 * `--batchSystem slurm`: jobs go in with `sbatch` (the worker script on stdin), live states come from `squeue`,
 * exit codes of ended jobs from `sacct`, or from `scontrol show job` when accounting is off (Slurm keeps ended
 * jobs there for MinJobAge), and `scancel` kills.
 */
export class SlurmBatchSystem extends GridBatchSystem {
  readonly name = 'slurm';
  protected readonly schedulerName = 'Slurm';
  protected readonly requiredCommands = SLURM_COMMANDS;
  protected readonly jobIdPlaceholder = '%j';
  // Slurm's default MaxArraySize is 1001 (indices 0-1000); squeue -r and sacct name each task <array>_<index>.
  protected override readonly arraySupport: ArraySupport = {
    indexVariable: 'SLURM_ARRAY_TASK_ID',
    firstIndex: 0,
    taskIdExpression: '"${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}"',
    maxTasks: 1000,
  };
  private readonly extraArgs: string[];
  /** Whether sacct works here; learned from its first answer. */
  private accounting: boolean | undefined;
  /** The job completion log, when Slurm keeps one as a text file (looked up once, when first needed). */
  private jobcompPath: Promise<string | undefined> | undefined;
  /** Arrays whose tasks run several jobs each (--slurmReuseTasks); see pool-script.ts. */
  private readonly pools: SlurmPools;

  constructor(context: BatchSystemContext, options: GridOptions = {}) {
    super(context, options);
    this.extraArgs = slurmArgs();
    this.pools = new SlurmPools(
      localWorkflowDir(context.config),
      {
        query: (ids) => this.querySlurm(ids),
        cancel: (args) => this.command(['scancel', ...args]),
      },
      () =>
        this.log.warn(
          `Slurm array tasks could not see ${localWorkflowDir(context.config)} (--workDir is not shared with the nodes); later arrays run one job per task.`,
        ),
    );
  }

  protected override useJobArrays(): boolean {
    return this.context.config.extra.slurmJobArrays !== false;
  }

  protected submitCommand(job: GridSubmission): SubmitCommand {
    return {
      argv: ['sbatch', '--parsable', '-J', job.jobName, '-o', job.stdout, '-e', job.stderr, ...this.resourceArgs(job)],
      input: job.script,
    };
  }

  /**
   * Whether an array's tasks go on to run the array's unstarted jobs. Not with a time limit: --time is per job, and
   * a task running several jobs one after another would be killed in the middle of a later one.
   */
  private poolable(): boolean {
    const { config } = this.context;
    return this.pools.shared && config.extra.slurmReuseTasks !== false && !Number.isFinite(config.maxJobDuration);
  }

  protected override arraySubmitCommand(jobs: readonly GridSubmission[], arrayScript: string): SubmitCommand {
    const pooled = this.poolable();
    const tasks = jobs.map((job) => ({ command: job.spec.workerCommand, stdout: job.stdout, stderr: job.stderr }));
    const env = { ...this.env, ...jobs[0].spec.env };
    const workflowDir = localWorkflowDir(this.context.config);
    const placeholder = this.jobIdPlaceholder;
    // Toil workers run in one warm worker per task (pool-runner.ts); other commands one after another in sh.
    const script = pooled
      ? poolScript(tasks, env, workflowDir, placeholder, poolRunner(tasks, placeholder))
      : arrayScript;
    // Each task redirects its own output (the script does), so the array itself writes nothing.
    const name = `toil_array_${jobs[0].batchJobId}_${jobs[0].spec.displayName}`
      .replace(/[^A-Za-z0-9_.-]/g, '_')
      .slice(0, 64);
    const argv = [
      'sbatch',
      '--parsable',
      `--array=0-${jobs.length - 1}`,
      '-J',
      name,
      '-o',
      '/dev/null',
      '-e',
      '/dev/null',
      ...this.resourceArgs(jobs[0]),
    ];
    return { argv, input: script };
  }

  protected override parseArraySubmitOutput(result: CommandResult, count: number): string[] {
    const arrayId = this.parseSubmitOutput(result);
    if (this.poolable()) this.pools.add(arrayId, count);
    return Array.from({ length: count }, (_, i) => `${arrayId}_${i}`);
  }

  /** Cores, memory, time and GPUs of a job (all jobs of an array share them), then TOIL_SLURM_ARGS. */
  private resourceArgs(job: GridSubmission): string[] {
    const { requirements } = job.spec;
    const args = [`--cpus-per-task=${wholeCores(requirements)}`, `--mem=${memoryMiB(requirements)}M`];
    if (job.wallTimeSeconds !== undefined) args.push(`--time=${clockTime(job.wallTimeSeconds)}`);
    const gpus = gpuCount(requirements);
    if (gpus > 0) args.push(`--gres=gpu:${gpus}`);
    return [...args, ...this.extraArgs];
  }

  protected parseSubmitOutput(result: CommandResult): string {
    // --parsable prints "<id>" or "<id>;<cluster>".
    const id = result.stdout.trim().split('\n').pop()?.split(';')[0].trim() ?? '';
    if (!/^\d+$/.test(id))
      throw new SchedulerError(`sbatch printed no job ID: ${JSON.stringify(result.stdout.trim())}`);
    return id;
  }

  protected killCommand(schedulerIds: readonly string[]): string[] {
    return ['scancel', ...schedulerIds];
  }

  /** Pooled jobs from their pool's files and tasks (pools.ts), the others from Slurm. */
  protected async queryStatuses(ids: readonly string[]): Promise<Map<string, SchedulerJobStatus>> {
    const pooled = ids.filter((id) => this.pools.has(id));
    if (!pooled.length) return this.querySlurm(ids);
    const plain = ids.filter((id) => !this.pools.has(id));
    const [fromPools, fromSlurm] = await Promise.all([this.pools.query(pooled), this.querySlurm(plain)]);
    return new Map([...fromSlurm, ...fromPools]);
  }

  /** Kill pooled jobs through their pools (a task may be about to run other jobs of its array), the others at once. */
  protected override async runKill(ids: readonly string[]): Promise<CommandResult> {
    const pooled = ids.filter((id) => this.pools.has(id));
    const plain = ids.filter((id) => !this.pools.has(id));
    const results = await Promise.all([
      this.pools.kill(pooled),
      plain.length ? this.command(this.killCommand(plain)) : { exitCode: 0, stdout: '', stderr: '' },
    ]);
    return results.find((result) => result.exitCode !== 0) ?? results[0];
  }

  /** Statuses of Slurm jobs and array tasks, as squeue, scontrol, sacct or the job completion log report them. */
  private async querySlurm(ids: readonly string[]): Promise<Map<string, SchedulerJobStatus>> {
    if (!ids.length) return new Map();
    const statuses = new Map<string, SchedulerJobStatus>();
    const live = await this.command(['squeue', '-h', '-r', '-t', 'all', '-j', ids.join(','), '-o', SQUEUE_FORMAT]);
    // squeue fails when none of the IDs is still in memory: that is "no live jobs", not an outage.
    if (live.exitCode !== 0 && !/Invalid job id/i.test(live.stderr))
      throw new SchedulerError(`squeue failed: ${firstErrorLine(live)}`);
    const endedInMemory: string[] = [];
    const forgotten = new Set(ids);
    for (const row of live.exitCode === 0 ? parseSqueue(live.stdout) : []) {
      if (!forgotten.delete(row.id) || !row.status) continue;
      if (row.status.phase === 'ended') endedInMemory.push(row.id);
      else statuses.set(row.id, row.status);
    }
    // slurmctld still holds jobs that ended within MinJobAge: scontrol has their exit codes at once, while
    // slurmdbd (sacct) may lag. Older jobs only accounting still knows.
    const ended = [...(await this.fromScontrol(endedInMemory)), ...(await this.fromAccounting([...forgotten]))];
    for (const row of ended) statuses.set(row.id, row.status as SchedulerJobStatus);
    return statuses;
  }

  /** Ended jobs slurmctld no longer lists: sacct when accounting works, scontrol otherwise (until MinJobAge). */
  private async fromAccounting(ids: string[]): Promise<SlurmRow[]> {
    if (!ids.length) return [];
    if (this.accounting !== false) {
      const acct = await this.command(['sacct', '-n', '-P', '-X', '-j', ids.join(','), '-o', SACCT_FIELDS]);
      if (acct.exitCode === 0) {
        this.accounting = true;
        return endedRows(parseSacct(acct.stdout));
      }
      if (!NO_ACCOUNTING.test(`${acct.stderr}${acct.stdout}`) || this.accounting !== undefined)
        throw new SchedulerError(`sacct failed: ${firstErrorLine(acct)}`);
      this.accounting = false;
      this.log.info(
        `Slurm accounting is off here (${firstErrorLine(acct)}); reading job exit codes from scontrol and the job completion log.`,
      );
    }
    const known = await this.fromScontrol(ids);
    const purged = ids.filter((id) => !known.some((row) => row.id === id));
    return purged.length ? [...known, ...(await this.fromJobcomp(purged))] : known;
  }

  /** Jobs slurmctld has purged, from the job completion log, when there is one this host can read. */
  private async fromJobcomp(ids: string[]): Promise<SlurmRow[]> {
    this.jobcompPath ??= this.command(['scontrol', 'show', 'config']).then((r) =>
      r.exitCode === 0 ? jobcompLocation(r.stdout) : undefined,
    );
    const path = await this.jobcompPath;
    return path ? readJobcomp(path, ids) : [];
  }

  /**
   * Nodes running any job (any user's: a node is not idle because this workflow's jobs left it), for the
   * autoscaler. squeue prints each job's nodes as a Slurm host list (`node[1-3],gpu7`); `scontrol show hostnames`,
   * Slurm's own expander, turns them into names.
   */
  async getBusyNodes(): Promise<ReadonlySet<string>> {
    const jobs = await this.command(['squeue', '-h', '-t', NODE_HOLDING_STATES, '-o', '%N']);
    if (jobs.exitCode !== 0) throw new SchedulerError(`squeue failed: ${firstErrorLine(jobs)}`);
    const lists = [...new Set(jobs.stdout.split('\n').map((line) => line.trim()))].filter(Boolean);
    if (!lists.length) return new Set();
    const names = await this.command(['scontrol', 'show', 'hostnames', lists.join(',')]);
    if (names.exitCode !== 0) throw new SchedulerError(`scontrol show hostnames failed: ${firstErrorLine(names)}`);
    return new Set(
      names.stdout
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean),
    );
  }

  /**
   * Drain a node the autoscaler means to remove: Slurm starts no new job there; running ones go on. A node Slurm
   * does not know (booted, not yet registered as a dynamic node) runs nothing, so there is nothing to drain.
   */
  async ignoreNode(name: string): Promise<void> {
    const result = await this.command([
      'scontrol',
      'update',
      `NodeName=${name}`,
      'State=DRAIN',
      `Reason=${DRAIN_REASON}`,
    ]);
    if (result.exitCode !== 0 && UNKNOWN_NODE.test(`${result.stderr}${result.stdout}`)) return;
    if (result.exitCode !== 0)
      throw new SchedulerError(`scontrol could not drain node ${name}: ${firstErrorLine(result)}`);
  }

  /** Undo `ignoreNode`: the node takes jobs again. */
  async unignoreNode(name: string): Promise<void> {
    const result = await this.command(['scontrol', 'update', `NodeName=${name}`, 'State=RESUME']);
    if (result.exitCode !== 0)
      throw new SchedulerError(`scontrol could not resume node ${name}: ${firstErrorLine(result)}`);
  }

  /** Every node Slurm has, and its dynamic ones (the autoscaler's workers), for the autoscaler's fault checks. */
  listNodes(): Promise<{ joined: ReadonlySet<string>; dynamic: ReadonlySet<string> }> {
    return listSlurmNodes((argv) => this.command(argv));
  }

  /** Forget a dynamic node whose machine is gone (slurm-node-records.ts); nodes of slurm.conf are left alone. */
  forgetNode(name: string): Promise<boolean> {
    return forgetSlurmNode((argv) => this.command(argv), name);
  }

  /** Ended jobs as `scontrol show job` reports them. */
  private async fromScontrol(ids: string[]): Promise<SlurmRow[]> {
    if (!ids.length) return [];
    // One call lists every job slurmctld holds: cheaper than one call per job when many end together.
    const all = await this.command(['scontrol', '-o', 'show', 'job']);
    if (all.exitCode !== 0 && !/no jobs in the system/i.test(`${all.stdout}${all.stderr}`))
      throw new SchedulerError(`scontrol show job failed: ${firstErrorLine(all)}`);
    const wanted = new Set(ids);
    return endedRows(parseScontrol(all.stdout)).filter((row) => wanted.has(row.id));
  }
}
