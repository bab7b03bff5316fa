import { InvalidValueError } from '@toil/core';
import {
  BatchJobExitReason,
  EXIT_STATUS_UNAVAILABLE,
  type BatchSystemContext,
  type ResolvedRequirements,
} from '@toil/core/backend';
import {
  findCommand,
  firstErrorLine,
  gpuCount,
  GridBatchSystem,
  SchedulerError,
  wholeCores,
  type CommandOptions,
  type CommandResult,
  type GridOptions,
  type GridSubmission,
  type SchedulerJobStatus,
  type SubmitCommand,
} from '@toil/batch-grid';
import { latestRecords, parseQacct } from './qacct-parse.js';
import { parseQstatErrorReasons, parseQstatXml } from './qstat-parse.js';
import { GRIDENGINE_ARGS_ENV, GRIDENGINE_PE_ENV, qsubArgv, qsubSettings, type QsubSettings } from './qsub-args.js';
import { gridEngineEnv } from './sge-env.js';
import { phaseOfState, queuedReason, statusFromAccounting } from './sge-states.js';
import { qacctTime } from './sge-time.js';

/** What a GridEngine batch system is built from, besides the leader's context. */
export interface GridEngineOptions extends GridOptions {
  /** Where TOIL_GRIDENGINE_ARGS, TOIL_GRIDENGINE_PE and the SGE_* variables are read (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /**
   * How long a job that has left qstat may be missing from qacct before it counts as vanished (ms). qmaster writes
   * the accounting file every accounting_flush_time (by default flush_time, 15 s), so a finished job is in
   * neither listing for a while.
   */
  accountingWaitMs?: number;
}

/** A submitted job: when it went in (ms) and when qstat last listed it. */
interface Tracked {
  submittedAt: number;
  lastListed?: number;
}

const ACCOUNTING_WAIT_MS = 60_000;
/** Accounting times come from qmaster's clock, in whole seconds; allow for skew with this host's. */
const CLOCK_SLACK_MS = 5 * 60_000;
/** How qacct says no job has ended yet (the accounting file is created with the first record). */
const NO_ACCOUNTING_FILE = /No such file or directory|No jobs running since startup/i;

const SGE_COMMANDS = ['qsub', 'qstat', 'qacct', 'qdel'];

/** GridEngine's client commands find their cell through SGE_ROOT; without it every command fails. */
function requireSgeRoot(sgeEnv: Record<string, string>): void {
  if (sgeEnv.SGE_ROOT) return;
  throw new SchedulerError(
    '--batchSystem grid_engine needs SGE_ROOT (the GridEngine installation directory), and it is not set. Load your cell\'s settings first: . "$SGE_ROOT/$SGE_CELL/common/settings.sh".',
  );
}

/**
 * `--batchSystem grid_engine` (Son of Grid Engine, UGE): `qsub` with the worker script on stdin, live states from
 * `qstat -xml`, exit statuses of ended jobs from one `qacct` call per poll, `qdel` to kill. A job that falls into
 * an error state (Eqw) is reported as ERROR with GridEngine's reason and deleted, so that it cannot start later
 * next to its retry.
 */
export class GridEngineBatchSystem extends GridBatchSystem {
  readonly name = 'grid_engine';
  protected readonly schedulerName = 'GridEngine';
  protected readonly requiredCommands = SGE_COMMANDS;
  protected readonly jobIdPlaceholder = '$JOB_ID';
  private readonly settings: QsubSettings;
  private readonly sgeEnv: Record<string, string>;
  private readonly accountingWaitMs: number;
  private readonly tracked = new Map<string, Tracked>();
  private warnedGpus = false;

  constructor(context: BatchSystemContext, options: GridEngineOptions = {}) {
    super(context, options);
    const env = options.env ?? process.env;
    this.settings = qsubSettings(env);
    this.sgeEnv = gridEngineEnv(env);
    this.accountingWaitMs = options.accountingWaitMs ?? ACCOUNTING_WAIT_MS;
  }

  /**
   * Also check that the client commands can find the cell, and that TOIL_GRIDENGINE_PE names a parallel environment.
   */
  async verifyCommands(): Promise<void> {
    await super.verifyCommands();
    requireSgeRoot(this.sgeEnv);
    const pe = this.settings.pe;
    // qconf is an admin tool that submit hosts need not have; without it the check is left to qsub.
    if (!pe || !findCommand('qconf')) return;
    const listed = await this.command(['qconf', '-spl']);
    if (listed.exitCode !== 0)
      return this.log.debug(
        `Could not list parallel environments (${firstErrorLine(listed)}); not checking ${GRIDENGINE_PE_ENV}.`,
      );
    const known = listed.stdout
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    if (!known.includes(pe))
      throw new InvalidValueError(
        GRIDENGINE_PE_ENV,
        pe,
        `name one of this cluster's parallel environments (qconf -spl): ${known.join(', ')}`,
      );
  }

  checkResourceRequest(jobName: string, requirements: ResolvedRequirements): void {
    super.checkResourceRequest(jobName, requirements);
    const cores = wholeCores(requirements);
    if (cores > 1 && !this.settings.pe) {
      throw new SchedulerError(
        `Job '${jobName}' requests ${requirements.cores} cores, but a GridEngine job gets more than one slot only from a parallel environment, and ${GRIDENGINE_PE_ENV} is not set. Set it to one of your cluster's (qconf -spl lists them), e.g. ${GRIDENGINE_PE_ENV}=smp, or give the job 1 core.`,
      );
    }
    if (gpuCount(requirements) > 0 && !this.warnedGpus) {
      this.warnedGpus = true;
      this.log.warn(
        `GridEngine has no standard GPU resource, so job '${jobName}' is submitted without its GPUs; request your site's (e.g. -l gpu=1) in ${GRIDENGINE_ARGS_ENV}.`,
      );
    }
  }

  /** Every GridEngine command gets the SGE_* environment (cell, ports), also when Toil's own process lacks it. */
  protected command(argv: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
    return super.command(argv, { ...options, env: { ...this.sgeEnv, ...options.env } });
  }

  protected submitCommand(job: GridSubmission): SubmitCommand {
    return { argv: qsubArgv(job, this.settings), input: job.script };
  }

  protected parseSubmitOutput(result: CommandResult): string {
    // -terse prints the job number alone (`123`; an array would be `123.1-5:1`); without it, "Your job 123 (...)".
    const text = result.stdout.trim();
    const id = /^(\d+)(?:\.\S*)?$/m.exec(text)?.[1] ?? /Your job(?:-array)? (\d+)/.exec(text)?.[1];
    if (!id) throw new SchedulerError(`qsub printed no job number: ${JSON.stringify(text)}`);
    this.tracked.set(id, { submittedAt: Date.now() });
    return id;
  }

  protected killCommand(schedulerIds: readonly string[]): string[] {
    // A killed job's end is of no interest: no accounting wait for it, it only has to leave qstat.
    for (const id of schedulerIds) this.tracked.delete(id);
    return ['qdel', ...schedulerIds];
  }

  protected async queryStatuses(ids: readonly string[]): Promise<Map<string, SchedulerJobStatus>> {
    const now = Date.now();
    const statuses = new Map<string, SchedulerJobStatus>();
    const listed = new Map(parseQstatXml(await this.commandOutput(['qstat', '-xml'])).map((row) => [row.id, row]));
    const errored: string[] = [];
    for (const id of ids) {
      const row = listed.get(id);
      const phase = row && phaseOfState(row.state);
      if (!row || !phase || phase === 'gone') continue;
      const tracked = this.tracked.get(id);
      if (tracked) tracked.lastListed = now;
      if (phase === 'error') errored.push(id);
      else if (phase === 'queued') statuses.set(id, { phase, reason: queuedReason(row.state) });
      else
        statuses.set(id, {
          phase,
          elapsed: row.startedAt === undefined ? undefined : Math.max(0, (now - row.startedAt) / 1000),
        });
    }
    if (errored.length) for (const [id, status] of await this.failErrored(errored)) statuses.set(id, status);
    const ended = ids.filter((id) => !statuses.has(id) && this.tracked.has(id));
    if (ended.length) for (const [id, status] of await this.accounted(ended, now)) statuses.set(id, status);
    return statuses;
  }

  /** Jobs in error state: reported as ERROR with GridEngine's reason, and deleted. */
  private async failErrored(ids: string[]): Promise<Map<string, SchedulerJobStatus>> {
    const described = await this.command(['qstat', '-j', ids.join(',')]);
    const reasons = parseQstatErrorReasons(described.stdout);
    const deleted = await this.command(['qdel', ...ids]);
    if (deleted.exitCode !== 0)
      this.log.warn(
        `Could not delete GridEngine job(s) ${ids.join(' ')} in error state (${firstErrorLine(deleted)}); delete them by hand.`,
      );
    const out = new Map<string, SchedulerJobStatus>();
    for (const id of ids) {
      this.tracked.delete(id);
      const why = reasons.get(id) ?? 'no reason given by qstat -j';
      out.set(id, {
        phase: 'ended',
        exitStatus: EXIT_STATUS_UNAVAILABLE,
        exitReason: BatchJobExitReason.ERROR,
        detail: `in error state (Eqw), deleted: ${why}`,
      });
    }
    return out;
  }

  /**
   * Ends of jobs qstat no longer lists, from one qacct call for all of them. A job not yet accounted stays
   * "running" for accountingWaitMs after it left qstat, then is left out so the base reports it lost.
   */
  private async accounted(ids: string[], now: number): Promise<Map<string, SchedulerJobStatus>> {
    // Each job ended after qstat last listed it: asking only for records that ended since then keeps the answer
    // small however long the jobs ran (their submission may be hours back on a busy accounting file).
    const since =
      Math.min(...ids.map((id) => this.tracked.get(id) as Tracked).map((t) => t.lastListed ?? t.submittedAt)) -
      CLOCK_SLACK_MS;
    const result = await this.command(['qacct', '-E', '-b', qacctTime(since), '-j']);
    if (result.exitCode !== 0 && !NO_ACCOUNTING_FILE.test(`${result.stderr}\n${result.stdout}`))
      throw new SchedulerError(`qacct failed: ${firstErrorLine(result)}`);
    const wanted = new Set(ids);
    const records = latestRecords(parseQacct(result.exitCode === 0 ? result.stdout : ''), (id) => {
      const tracked = this.tracked.get(id);
      return tracked && wanted.has(id) ? tracked.submittedAt - CLOCK_SLACK_MS : undefined;
    });
    const out = new Map<string, SchedulerJobStatus>();
    for (const id of ids) {
      const record = records.get(id);
      const status = record && statusFromAccounting(record);
      const tracked = this.tracked.get(id) as Tracked;
      const goneMs = now - (tracked.lastListed ?? tracked.submittedAt);
      if (status) {
        this.tracked.delete(id);
        out.set(id, status);
      } else if (goneMs < this.accountingWaitMs) {
        out.set(id, { phase: 'running' });
      } else {
        // Left out from now on, so the base reports it lost after its usual polls.
        this.tracked.delete(id);
        this.log.warn(
          `GridEngine job ${id} left qstat ${Math.round(goneMs / 1000)} s ago and qacct has no end for it. If accounting is off (qconf -sconf: reporting_params accounting=false), Toil cannot read exit statuses.`,
        );
      }
    }
    return out;
  }
}
