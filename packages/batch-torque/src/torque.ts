import { InvalidValueError } from '@toil/core';
import type { BatchSystemContext } from '@toil/core/backend';
import {
  clockTime,
  CommandNotFoundError,
  firstErrorLine,
  GridBatchSystem,
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
import { ForgottenJobs } from './forgotten-jobs.js';
import { parseQstatFull, parseQsubOutput, parseTracejob, sequenceNumber } from './torque-parse.js';

/** Extra qsub arguments for every job, e.g. `-q fatq -A project` (Toil's TOIL_TORQUE_ARGS). */
export const TORQUE_ARGS_ENV = 'TOIL_TORQUE_ARGS';
/** Extra `-l` resource values for every job, e.g. `walltime=2:00:00,file=50gb` (Toil's TOIL_TORQUE_REQS). */
export const TORQUE_REQS_ENV = 'TOIL_TORQUE_REQS';

/** qsub options Toil sets itself; `-l` belongs in TOIL_TORQUE_REQS. */
const RESERVED_ARGS = /^(-N|-o|-e|-j|-S|-l)$/;
/** Resources Toil sets from each job's requirements. */
const RESERVED_REQS = /^(nodes|ppn|mem|pmem|vmem|pvmem|ncpus|procs)$/;
/** How Torque clients say pbs_server is unreachable. */
const SERVER_DOWN = /pbs_iff|cannot read reply|Communication failure|cannot connect to server|End of File/i;

/**
 * `--batchSystem torque`: jobs go in with `qsub` (the worker script on stdin, run by /bin/sh), states and exit
 * statuses come from `qstat -f -1`, or from `tracejob` for jobs the server no longer keeps, and `qdel` kills. Torque
 * fills `$PBS_JOBID` into the output paths.
 */
export class TorqueBatchSystem extends GridBatchSystem {
  readonly name = 'torque';
  protected readonly schedulerName = 'Torque';
  protected readonly requiredCommands = ['qsub', 'qstat', 'qdel'];
  protected readonly jobIdPlaceholder = '$PBS_JOBID';
  protected override readonly outagePattern = SERVER_DOWN;
  private readonly extraArgs: string[];
  private readonly extraReqs: string[];
  /** Whether tracejob can be used here (it needs the server's logs); learned on first use. */
  private tracejob = true;
  /** Which forgotten jobs tracejob is asked about on each poll. */
  private readonly forgotten = new ForgottenJobs();

  constructor(context: BatchSystemContext, options: GridOptions = {}) {
    super(context, options);
    this.extraArgs = splitArgs(TORQUE_ARGS_ENV, process.env[TORQUE_ARGS_ENV]);
    const reserved = this.extraArgs.find((arg) => RESERVED_ARGS.test(arg));
    if (reserved) {
      const hint =
        reserved === '-l'
          ? 'put resource values in TOIL_TORQUE_REQS instead, e.g. TOIL_TORQUE_REQS="walltime=1:00:00"'
          : 'Toil sets job name, output files and shell itself';
      throw new InvalidValueError(TORQUE_ARGS_ENV, process.env[TORQUE_ARGS_ENV], `remove '${reserved}': ${hint}`);
    }
    this.extraReqs = parseReqs(process.env[TORQUE_REQS_ENV]);
  }

  protected submitCommand(job: GridSubmission): SubmitCommand {
    const { requirements } = job.spec;
    const resources = [`nodes=1:ppn=${wholeCores(requirements)}`, `mem=${memoryMiB(requirements)}mb`];
    // A walltime in TOIL_TORQUE_REQS is the user's explicit choice; it wins over --maxJobDuration.
    if (job.wallTimeSeconds !== undefined && !this.extraReqs.some((r) => r.startsWith('walltime=')))
      resources.push(`walltime=${clockTime(job.wallTimeSeconds)}`);
    const argv = ['qsub', '-N', job.jobName, '-o', job.stdout, '-e', job.stderr, '-S', '/bin/sh'];
    for (const resource of [...resources, ...this.extraReqs]) argv.push('-l', resource);
    return { argv: [...argv, ...this.extraArgs], input: job.script };
  }

  protected parseSubmitOutput(result: CommandResult): string {
    return parseQsubOutput(result.stdout);
  }

  protected killCommand(schedulerIds: readonly string[]): string[] {
    return ['qdel', ...schedulerIds];
  }

  protected async queryStatuses(ids: readonly string[]): Promise<Map<string, SchedulerJobStatus>> {
    const result = await this.command(['qstat', '-f', '-1', ...ids]);
    // qstat prints what it knows and complains about the rest; only a complaint about something else is a failure.
    const complaints = result.stderr.split('\n').filter((line) => line.trim() && !/Unknown Job Id/i.test(line));
    if (result.exitCode !== 0 && (complaints.length || !/Unknown Job Id/i.test(result.stderr))) {
      throw new SchedulerError(`qstat failed (exit ${result.exitCode}): ${firstErrorLine(result)}`);
    }
    const bySequence = new Map(parseQstatFull(result.stdout).map((job) => [sequenceNumber(job.id), job]));
    const statuses = new Map<string, SchedulerJobStatus>();
    const forgotten: string[] = [];
    for (const id of ids) {
      const status = bySequence.get(sequenceNumber(id))?.status;
      if (status) statuses.set(id, status);
      else forgotten.push(id);
    }
    if (forgotten.length && this.tracejob) await this.trace(forgotten, statuses);
    return statuses;
  }

  /** Ends of jobs qstat no longer shows, from tracejob, a capped number of calls per poll. */
  private async trace(ids: string[], statuses: Map<string, SchedulerJobStatus>): Promise<void> {
    const { known, trace, later } = this.forgotten.plan(ids);
    for (const [id, end] of known) statuses.set(id, end);
    for (const id of trace) {
      const end = await this.traced(id);
      if (!this.tracejob) return; // not installed: every forgotten job is unknown, as it always was
      this.forgotten.record(id, end);
      if (end) statuses.set(id, end);
    }
    // Left out only by the cap: they have left the queue, so they ran; saying nothing would count them toward
    // 'lost' for waiting their turn. Their end comes on a later poll.
    for (const id of later) statuses.set(id, { phase: 'running' });
  }

  /** How a job qstat no longer shows ended, from tracejob; undefined when it cannot tell. */
  private async traced(id: string): Promise<SchedulerJobStatus | undefined> {
    if (!this.tracejob) return undefined;
    let result: CommandResult;
    try {
      result = await this.runner.run(['tracejob', '-n', '2', id]);
    } catch (error) {
      if (!(error instanceof CommandNotFoundError)) throw error;
      this.tracejob = false;
      this.log.info(
        'tracejob is not installed here; jobs the Torque server has forgotten are reported as lost. Raise keep_completed on the server to avoid it.',
      );
      return undefined;
    }
    return parseTracejob(result.stdout);
  }
}

/** TOIL_TORQUE_REQS split into `-l` values: comma-separated `name=value` resources, none of those Toil sets. */
function parseReqs(value: string | undefined): string[] {
  const reqs = (value ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  for (const req of reqs) {
    const name = /^([A-Za-z_][\w.]*)=\S+$/.exec(req)?.[1];
    if (!name)
      throw new InvalidValueError(
        TORQUE_REQS_ENV,
        value,
        `give comma-separated resource=value pairs without -l, e.g. "walltime=2:00:00,file=50gb"`,
      );
    if (RESERVED_REQS.test(name))
      throw new InvalidValueError(
        TORQUE_REQS_ENV,
        value,
        `remove '${req}': Toil sets cores and memory from each job's requirements`,
      );
  }
  return reqs;
}
