import { CommandNotFoundError, type CommandOptions, type CommandResult, type CommandRunner } from '@toil/batch-grid';
import {
  lastOption,
  LocalFakeScheduler,
  parseFakeArgs,
  runSeconds,
  SIGNAL_NUMBERS,
  type FakeJob,
} from '@toil/batch-grid/testing';

const SERVER = 'fakeserver.example.org';
const KNOWN_RESOURCES = new Set(['nodes', 'mem', 'walltime', 'file', 'pmem', 'vmem', 'ncpus', 'cput', 'gres']);

/** How the fake Torque server behaves. */
export interface FakeTorqueOptions {
  /** Whether qstat keeps showing completed jobs (the server's keep_completed); without it only tracejob knows them. */
  keepCompleted?: boolean;
}

/**
 * `qsub`, `qstat -f -1`, `qdel` and `tracejob` on top of the local fake scheduler, in Torque's formats: qsub prints
 * `<n>.fakeserver.example.org`, qstat prints `Job Id:` blocks with job_state Q/H/R/C and exit_status (256 + signal
 * for killed jobs, -10 for jobs killed with reason `memory`), unknown jobs get `qstat: Unknown Job Id Error <id>`.
 * Only queue `batch` exists; unknown `-l` resources are refused as pbs_server refuses them.
 */
export class FakeTorque implements CommandRunner {
  constructor(
    readonly scheduler: LocalFakeScheduler,
    private readonly options: FakeTorqueOptions = {},
  ) {}

  async run(argv: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
    const [command, ...args] = argv;
    if (command === 'qsub') return this.qsub(args, options.input ?? '');
    if (command === 'qstat') return this.qstat(args);
    if (command === 'qdel') return this.qdel(args);
    if (command === 'tracejob') return this.tracejob(args);
    throw new CommandNotFoundError(command);
  }

  /** The fake job behind a Torque job ID (`1000.fakeserver.example.org` or `1000`). */
  job(id: string): FakeJob | undefined {
    return this.scheduler.get(id.split('.')[0]);
  }

  private qsub(argv: string[], script: string): CommandResult {
    const args = parseFakeArgs(argv, ['-N', '-o', '-e', '-l', '-q', '-S', '-A', '-W']);
    const queue = lastOption(args, '-q') ?? 'batch';
    if (queue !== 'batch') return fail(168, 'qsub: Unknown queue MSG=cannot locate queue');
    const resources = new Map(
      (args.options.get('-l') ?? [])
        .flatMap((list) => list.split(','))
        .map((r) => [r.split('=')[0], r.slice(r.indexOf('=') + 1)] as const),
    );
    const unknown = [...resources.keys()].find((name) => !KNOWN_RESOURCES.has(name));
    if (unknown) return fail(15, `qsub: submit error (Unknown resource type  Resource_List.${unknown})`);
    const ppn = /ppn=(\d+)/.exec(resources.get('nodes') ?? '')?.[1];
    const path = (name: string) => (id: string) =>
      (lastOption(args, name) ?? '/dev/null').split('$PBS_JOBID').join(`${id}.${SERVER}`);
    const job = this.scheduler.submit({
      script,
      name: lastOption(args, '-N'),
      cores: Number(ppn ?? 1),
      stdout: path('-o'),
      stderr: path('-e'),
      env: (id) => ({ PBS_JOBID: `${id}.${SERVER}` }),
    });
    return { exitCode: 0, stdout: `${job.id}.${SERVER}\n`, stderr: '' };
  }

  private qstat(argv: string[]): CommandResult {
    const ids = parseFakeArgs(argv, []).operands;
    let stdout = '';
    let stderr = '';
    for (const id of ids) {
      const job = this.job(id);
      if (!job || (job.state === 'ended' && this.options.keepCompleted === false))
        stderr += `qstat: Unknown Job Id Error ${id}\n`;
      else stdout += block(job);
    }
    return { exitCode: stderr ? 153 : 0, stdout, stderr };
  }

  private qdel(ids: string[]): CommandResult {
    let stderr = '';
    for (const id of ids) {
      const job = this.job(id);
      if (!job) stderr += `qdel: Unknown Job Id ${id}\n`;
      else if (!this.scheduler.kill(job.id, 'qdel'))
        stderr += `qdel: Request invalid for state of job MSG=invalid state for job - COMPLETE ${id}\n`;
    }
    return { exitCode: stderr ? 168 : 0, stdout: '', stderr };
  }

  private tracejob(argv: string[]): CommandResult {
    const id = parseFakeArgs(argv, ['-n']).operands[0];
    const job = this.job(id);
    if (!job)
      return { exitCode: 0, stdout: '', stderr: `tracejob: Couldn't find Job Id ${id} in logs of past 2 days\n` };
    const lines = [`\nJob: ${job.id}.${SERVER}\n`, `11/24/2026 10:05:00  S    enqueuing into batch, state 1 hop 1`];
    if (job.state === 'ended')
      lines.push(
        `11/24/2026 10:05:13  S    Exit_status=${exitStatus(job)} resources_used.walltime=${hms(runSeconds(job) ?? 0)}`,
      );
    return { exitCode: 0, stdout: `${lines.join('\n')}\n`, stderr: '' };
  }
}

/** Whole seconds as Torque prints walltime, HH:MM:SS (rounded down, as resources_used is). */
function hms(seconds: number): string {
  const s = Math.floor(seconds);
  return [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60].map((n) => String(n).padStart(2, '0')).join(':');
}

function fail(exitCode: number, message: string): CommandResult {
  return { exitCode, stdout: '', stderr: `${message}\n` };
}

/** Torque's exit_status: the job's code, 256 + signal when a signal ended it, -10 for a memory-limit kill. */
function exitStatus(job: FakeJob): number {
  if (job.killed && job.reason === 'memory') return -10;
  if (job.signal) return 256 + (SIGNAL_NUMBERS[job.signal] ?? 9);
  return job.exitCode ?? 271;
}

/** A job as `qstat -f -1` shows it. */
function block(job: FakeJob): string {
  const state = { queued: 'Q', held: 'H', running: 'R', ended: 'C' }[job.state];
  const lines = [
    `Job Id: ${job.id}.${SERVER}`,
    `    Job_Name = ${job.name}`,
    `    job_state = ${state}`,
    '    queue = batch',
    `    server = ${SERVER}`,
  ];
  const seconds = runSeconds(job);
  if (seconds !== undefined) lines.push(`    resources_used.walltime = ${hms(seconds)}`);
  if (job.state === 'queued')
    lines.push('    comment = Not Running: Not enough of the right type of nodes are available');
  if (job.state === 'ended' && job.startTime !== undefined) lines.push(`    exit_status = ${exitStatus(job)}`);
  return `${lines.join('\n')}\n\n`;
}
