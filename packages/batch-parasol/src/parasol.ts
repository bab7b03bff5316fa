import { join } from 'node:path';
import { InvalidValueError } from '@toil/core';
import { localWorkflowDir, type BatchJobSpec, type BatchSystemContext } from '@toil/core/backend';
import {
  findCommand,
  firstErrorLine,
  GridBatchSystem,
  SchedulerError,
  ScriptFiles,
  wholeCores,
  type CommandResult,
  type GridOptions,
  type GridSubmission,
  type SchedulerJobStatus,
  type SubmitCommand,
} from '@toil/batch-grid';
import { parseAddJobOutput, parsePstat2 } from './parasol-parse.js';
import { ResultsLog } from './results-log.js';

/** Defaults of the options this backend adds (Toil's). */
export const PARASOL_DEFAULTS = { parasolCommand: 'parasol', parasolMaxBatches: 1000 };

/** How the parasol client says the hub did not answer. */
const HUB_DOWN = /paraHub|Couldn't send|timed out|Hub didn't acknowledge/i;

/**
 * `--batchSystem parasol`: jobs go to the Parasol hub with `parasol add job` (a script in the shared workflow
 * directory, run with sh), live states come from `parasol pstat2`, ends from the results file of the job's batch,
 * and `parasol remove job` kills (one job per command). Parasol groups jobs into batches by results file; there is
 * one per distinct cores/memory pair, at most `--parasolMaxBatches`. It captures no stdout/stderr.
 */
export class ParasolBatchSystem extends GridBatchSystem {
  readonly name = 'parasol';
  protected readonly schedulerName = 'Parasol';
  protected readonly requiredCommands: readonly string[];
  /** Parasol captures no output, so no path ever holds an ID. */
  protected readonly jobIdPlaceholder = '%PARASOL_JOB_ID%';
  protected override readonly outagePattern = HUB_DOWN;
  private readonly parasol: string;
  private readonly maxBatches: number;
  private readonly dir: string;
  /** The job scripts, in the shared workflow directory. */
  private readonly scripts: ScriptFiles;
  /** Results file of each batch, by `<cpu>:<ram>`. */
  private readonly batches = new Map<string, string>();
  /** What the batches' results files said so far, read a new part at a time. */
  private readonly results = new ResultsLog();

  constructor(context: BatchSystemContext, options: GridOptions = {}) {
    super(context, options);
    const extra = context.config.extra ?? {};
    this.parasol = stringOption('--parasolCommand', extra.parasolCommand, PARASOL_DEFAULTS.parasolCommand);
    this.maxBatches = maxBatchesOption(extra.parasolMaxBatches);
    this.requiredCommands = [this.parasol];
    this.dir = join(localWorkflowDir(context.config), 'parasol');
    this.scripts = new ScriptFiles(this.dir);
  }

  async verifyCommands(): Promise<void> {
    if (findCommand(this.parasol)) return;
    const where = this.parasol.includes('/') ? 'is not an executable file' : 'is not on PATH';
    throw new SchedulerError(
      `--batchSystem parasol needs the parasol program, but '${this.parasol}' ${where}. Install Parasol on this host, or give its path with --parasolCommand.`,
    );
  }

  /** Toil's rule: a new cores/memory pair past --parasolMaxBatches stops the workflow (Parasol would thrash). */
  async issueBatchJob(spec: BatchJobSpec): Promise<number> {
    const key = batchKey(spec);
    if (!this.batches.has(key)) {
      if (this.batches.size >= this.maxBatches) {
        throw new SchedulerError(
          `Job '${spec.displayName}' needs a new Parasol batch (cores and memory ${key}), but --parasolMaxBatches ${this.maxBatches} are in use. Raise --parasolMaxBatches, or give jobs fewer distinct requirements.`,
        );
      }
      this.batches.set(key, join(this.dir, `results-cpu${key.replace(':', '-ram')}`));
    }
    return super.issueBatchJob(spec);
  }

  protected async submitCommand(job: GridSubmission): Promise<SubmitCommand> {
    // The hub passes the command line on as words; a script file keeps the environment and quoting intact.
    const script = await this.scripts.write(`toil_job_${job.batchJobId}.sh`, job.script);
    const key = batchKey(job.spec);
    const [cpu, ram] = key.split(':');
    return {
      argv: [
        this.parasol,
        '-verbose',
        `-results=${this.batches.get(key)}`,
        `-cpu=${cpu}`,
        `-ram=${ram}`,
        'add',
        'job',
        'sh',
        script,
      ],
    };
  }

  protected parseSubmitOutput(result: CommandResult): string {
    return parseAddJobOutput(result.stdout);
  }

  protected killCommand(schedulerIds: readonly string[]): string[] {
    return [this.parasol, 'remove', 'job', schedulerIds[0]];
  }

  /** `parasol remove job` takes one ID: run it per job; the first failure is the answer. */
  protected async runKill(schedulerIds: readonly string[]): Promise<CommandResult> {
    let answer: CommandResult = { exitCode: 0, stdout: '', stderr: '' };
    for (const id of schedulerIds) {
      const result = await this.command(this.killCommand([id]));
      if (result.exitCode !== 0 && answer.exitCode === 0) answer = result;
    }
    return answer;
  }

  protected async queryStatuses(ids: readonly string[]): Promise<Map<string, SchedulerJobStatus>> {
    const live = await this.command([this.parasol, 'pstat2']);
    if (live.exitCode !== 0)
      throw new SchedulerError(`parasol pstat2 failed (exit ${live.exitCode}): ${firstErrorLine(live)}`);
    const listed = parsePstat2(live.stdout);
    const statuses = new Map<string, SchedulerJobStatus>();
    const rest = ids.filter((id) => {
      const status = listed.get(id);
      if (status) statuses.set(id, status);
      return !status;
    });
    if (!rest.length) return statuses;
    // Read results after pstat2: the hub writes a job's result before it drops the job, so none falls between.
    await this.results.update(new Set(this.batches.values()));
    for (const id of rest) {
      const status = this.results.take(id);
      if (status) statuses.set(id, status);
    }
    return statuses;
  }
}

/** A job's batch: whole cores and memory in bytes, the two requirements Parasol schedules on. */
function batchKey(spec: BatchJobSpec): string {
  return `${wholeCores(spec.requirements)}:${Math.ceil(spec.requirements.memory)}`;
}

function stringOption(flag: string, value: unknown, fallback: string): string {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'string' || !value.trim())
    throw new InvalidValueError(flag, String(value), 'give the name or path of the parasol program');
  return value;
}

function maxBatchesOption(value: unknown): number {
  if (value === undefined || value === null) return PARASOL_DEFAULTS.parasolMaxBatches;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1)
    throw new InvalidValueError('--parasolMaxBatches', String(value), 'give a whole number of at least 1');
  return n;
}
