import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { localWorkflowDir, type BatchSystemContext } from '@toil/core/backend';
import {
  diskMiB,
  firstErrorLine,
  GridBatchSystem,
  gpuCount,
  memoryMiB,
  SchedulerError,
  ScriptFiles,
  stdPath,
  wholeCores,
  type CommandResult,
  type GridOptions,
  type GridSubmission,
  type SchedulerJobStatus,
  type SubmitCommand,
} from '@toil/batch-grid';
import { parseEventLog, statusFromEvents } from './htcondor-events.js';
import { parseAds, parseSubmitOutput } from './htcondor-parse.js';
import { AD_ATTRIBUTES, isFailedHold, statusFromAd, type JobAd } from './htcondor-states.js';
import { HTCONDOR_PARAMS_ENV, parseParams, submitDescription } from './htcondor-submit.js';

/** How HTCondor tools say the schedd cannot be reached. */
const SCHEDD_DOWN =
  /Failed to connect to (local )?queue manager|Failed to fetch ads|Can't find address|SECMAN:\d+|Failed to end classad message/i;

/**
 * `--batchSystem htcondor`: each job is a one-job cluster submitted with `condor_submit` (a submit description on
 * stdin, the worker script as the executable), its state comes from `condor_q`, from `condor_history` once it has
 * left the queue, or from its job event log (`…_job_events.log`) when neither knows it; `condor_rm` removes.
 * A job HTCondor holds for good (not a user hold) is reported failed (MEMLIMIT when over its memory request) and
 * removed, since it would otherwise wait in the queue forever.
 */
export class HTCondorBatchSystem extends GridBatchSystem {
  readonly name = 'htcondor';
  protected readonly schedulerName = 'HTCondor';
  protected readonly requiredCommands = ['condor_submit', 'condor_q', 'condor_history', 'condor_rm'];
  protected readonly jobIdPlaceholder = '$(Cluster)';
  protected override readonly outagePattern = SCHEDD_DOWN;
  private readonly params: [string, string][];
  private readonly dir: string;
  /** The executables, one per job, next to the job logs in the (shared) workflow directory. */
  private readonly scripts: ScriptFiles;
  /** Whether condor_history works here (HISTORY may be turned off); learned from its first answer. */
  private history = true;

  constructor(context: BatchSystemContext, options: GridOptions = {}) {
    super(context, options);
    this.params = parseParams(process.env[HTCONDOR_PARAMS_ENV]);
    this.dir = localWorkflowDir(context.config);
    this.scripts = new ScriptFiles(join(this.dir, 'htcondor'));
  }

  protected async submitCommand(job: GridSubmission): Promise<SubmitCommand> {
    // The executable must be a file; it sits with the job's logs in the (shared) workflow directory.
    const executable = await this.scripts.write(`toil_job_${job.batchJobId}.sh`, job.script);
    const { requirements } = job.spec;
    const input = submitDescription({
      executable,
      output: job.stdout,
      error: job.stderr,
      log: this.eventLog(job.batchJobId, this.jobIdPlaceholder),
      batchName: job.jobName,
      cpus: wholeCores(requirements),
      memoryMiB: memoryMiB(requirements),
      diskKiB: diskMiB(requirements) * 1024,
      gpus: gpuCount(requirements),
      params: this.params,
    });
    return { argv: ['condor_submit', '-'], input };
  }

  protected parseSubmitOutput(result: CommandResult): string {
    return parseSubmitOutput(result.stdout);
  }

  protected killCommand(schedulerIds: readonly string[]): string[] {
    return ['condor_rm', ...schedulerIds];
  }

  protected async queryStatuses(ids: readonly string[]): Promise<Map<string, SchedulerJobStatus>> {
    const ads = parseAds(
      await this.commandOutput(['condor_q', ...ids, '-json', '-attributes', AD_ATTRIBUTES]),
      'condor_q',
    );
    const missing = new Set(ids.filter((id) => !ads.some((ad) => String(ad.ClusterId) === id)));
    if (missing.size && this.history) ads.push(...(await this.fromHistory([...missing])));
    const statuses = new Map<string, SchedulerJobStatus>();
    const failedHolds: string[] = [];
    for (const ad of ads) {
      const id = String(ad.ClusterId);
      const status = statusFromAd(ad);
      if (!status || !ids.includes(id)) continue;
      statuses.set(id, status);
      if (isFailedHold(ad)) failedHolds.push(id);
    }
    for (const id of ids.filter((i) => !statuses.has(i))) {
      const status = await this.fromEventLog(id);
      if (status) statuses.set(id, status);
    }
    if (failedHolds.length) await this.removeHeld(failedHolds);
    return statuses;
  }

  /** Ads of jobs that have left the queue. Turns itself off when the schedd keeps no history. */
  private async fromHistory(ids: string[]): Promise<JobAd[]> {
    const constraint = ids.map((id) => `ClusterId == ${Number(id)}`).join(' || ');
    const result = await this.command([
      'condor_history',
      '-constraint',
      constraint,
      '-match',
      String(ids.length),
      '-json',
      '-attributes',
      AD_ATTRIBUTES,
    ]);
    if (result.exitCode === 0) return parseAds(result.stdout, 'condor_history');
    if (/no history file/i.test(`${result.stderr}${result.stdout}`)) {
      this.history = false;
      this.log.info(
        `HTCondor keeps no job history here (${firstErrorLine(result)}); reading ended jobs from their event logs.`,
      );
      return [];
    }
    throw new SchedulerError(`condor_history failed (exit ${result.exitCode}): ${firstErrorLine(result)}`);
  }

  /** A job's state from its event log in the workflow directory, found by its cluster ID. */
  private async fromEventLog(cluster: string): Promise<SchedulerJobStatus | undefined> {
    const suffix = `_batch_${this.name}_${cluster}_job_events.log`;
    const name = (await readdir(this.dir).catch(() => [] as string[])).find((file) => file.endsWith(suffix));
    if (!name) return undefined;
    return statusFromEvents(parseEventLog(await readFile(join(this.dir, name), 'utf8')), Number(cluster));
  }

  /** Remove jobs held for good; they are reported already, and left alone they would wait in the queue forever. */
  private async removeHeld(ids: string[]): Promise<void> {
    const result = await this.command(['condor_rm', '-reason', 'Toil reported the held job as failed', ...ids]);
    if (result.exitCode !== 0)
      this.log.warn(
        `Could not remove held HTCondor job(s) ${ids.join(' ')} (${firstErrorLine(result)}); remove them with condor_rm.`,
      );
  }

  private eventLog(batchJobId: number, cluster: string): string {
    return stdPath(this.dir, batchJobId, this.name, cluster, 'job_events');
  }
}
