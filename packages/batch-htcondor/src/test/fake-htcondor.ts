import { existsSync, readFileSync } from 'node:fs';
import { CommandNotFoundError, type CommandOptions, type CommandResult, type CommandRunner } from '@toil/batch-grid';
import { LocalFakeScheduler, parseFakeArgs, runSeconds, SIGNAL_NUMBERS, type FakeJob } from '@toil/batch-grid/testing';
import { MEMORY_HOLD, terminatedBody, writeEvent } from './fake-event-log.js';

/** How the fake schedd behaves. */
export interface FakeHTCondorOptions {
  /** Whether the schedd keeps a history file for condor_history (default true). */
  history?: boolean;
}

/**
 * `condor_submit -`, `condor_q`, `condor_history` and `condor_rm` on top of the local fake scheduler, in HTCondor's
 * formats: condor_submit reads the submit description from stdin and prints `1 job(s) submitted to cluster N.`,
 * condor_q / condor_history print `-json` ads, and every job gets a job event log (`log =`). A job killed with reason
 * `memory` is held (HoldReasonCode 34, subcode 102) the way HTCondor holds jobs over their memory request.
 */
export class FakeHTCondor implements CommandRunner {
  private readonly logs = new Map<string, string>();
  private readonly removed = new Set<string>();

  constructor(
    readonly scheduler: LocalFakeScheduler,
    private readonly options: FakeHTCondorOptions = {},
  ) {
    scheduler.on('start', (job) =>
      this.event(job, 1, job.startTime as number, 'Job executing on host: <127.0.0.1:9618?addrs=127.0.0.1-9618>'),
    );
    scheduler.on('end', (job) => {
      if (job.reason === 'memory')
        this.event(job, 12, job.endTime as number, 'Job was held.', [MEMORY_HOLD, 'Code 34 Subcode 102']);
      else if (job.killed)
        this.event(job, 9, job.endTime as number, 'Job was aborted.', ['via condor_rm (by user toil)']);
      else this.event(job, 5, job.endTime as number, 'Job terminated.', terminatedBody(job));
    });
  }

  async run(argv: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
    const [command, ...args] = argv;
    if (command === 'condor_submit') return this.submit(options.input ?? '');
    if (command === 'condor_q') return this.query(args, (job) => this.inQueue(job));
    if (command === 'condor_history') return this.history(args);
    if (command === 'condor_rm') return this.remove(args);
    throw new CommandNotFoundError(command);
  }

  private submit(description: string): CommandResult {
    const commands = new Map<string, string>();
    for (const line of description.split('\n').map((l) => l.trim())) {
      const pair = /^([+\w.]+)\s*=\s*(.*)$/.exec(line);
      if (pair) commands.set(pair[1].toLowerCase(), pair[2]);
      else if (line && !/^queue\b/i.test(line) && !line.startsWith('#'))
        return fail(
          `ERROR: on Line ${description.split('\n').indexOf(line) + 1} of submit file: Illegal command "${line}"`,
        );
    }
    const requirements = commands.get('requirements') ?? '';
    if (/==\s*==|\(\s*\)/.test(requirements) || requirements.split('(').length !== requirements.split(')').length) {
      return {
        ...fail(`ERROR: Parse error in expression: \n\t${requirements}\n\t^^^\nError in submit file`),
        stdout: 'Submitting job(s)\n',
      };
    }
    const universe = commands.get('universe') ?? 'vanilla';
    if (universe !== 'vanilla') return fail(`ERROR: I don't know about the '${universe}' universe.`);
    const executable = commands.get('executable') ?? '';
    if (!existsSync(executable)) return fail(`ERROR: Executable file ${executable} does not exist`);
    const expand = (key: string) => (id: string) =>
      (commands.get(key) ?? '/dev/null')
        .replaceAll(/\$\((Cluster|ClusterId)\)/g, id)
        .replaceAll(/\$\((Process|ProcId)\)/g, '0');
    const held = /^true$/i.test(commands.get('hold') ?? '');
    const job = this.scheduler.submit({
      script: readFileSync(executable, 'utf8'),
      name: commands.get('batch_name'),
      cores: Number(commands.get('request_cpus') ?? 1),
      stdout: expand('output'),
      stderr: expand('error'),
      env: (id) => ({ _CONDOR_JOB_AD: `${id}.0` }),
      hold: held ? "submitted on hold at user's request" : undefined,
    });
    if (commands.has('log')) this.logs.set(job.id, expand('log')(job.id));
    this.event(job, 0, job.submitTime, 'Job submitted from host: <127.0.0.1:9618?addrs=127.0.0.1-9618>');
    return { exitCode: 0, stdout: `Submitting job(s).\n1 job(s) submitted to cluster ${job.id}.\n`, stderr: '' };
  }

  private query(
    argv: string[],
    shown: (job: FakeJob) => boolean,
    ids = parseFakeArgs(argv, ['-attributes']).operands,
  ): CommandResult {
    const ads = ids.flatMap((id) => {
      const job = this.scheduler.get(id);
      return job && shown(job) ? [ad(job, this.removed.has(job.id))] : [];
    });
    // Like HTCondor, nothing at all (not an empty list) when no job matched.
    return {
      exitCode: 0,
      stdout: ads.length ? `[\n${ads.map((a) => JSON.stringify(a, null, 2)).join('\n,\n')}\n]\n` : '',
      stderr: '',
    };
  }

  private history(argv: string[]): CommandResult {
    if (this.options.history === false) return fail('Error: No history file is defined in config file');
    const args = parseFakeArgs(argv, ['-constraint', '-match', '-attributes']);
    const clusters = [...(args.options.get('-constraint')?.[0] ?? '').matchAll(/ClusterId == (\d+)/g)].map((m) => m[1]);
    return this.query([], (job) => job.state === 'ended' && !this.inQueue(job), clusters);
  }

  private remove(argv: string[]): CommandResult {
    let stdout = '';
    let stderr = '';
    for (const id of parseFakeArgs(argv, ['-reason']).operands) {
      const job = this.scheduler.get(id);
      const heldForMemory = job !== undefined && this.inQueue(job) && job.state === 'ended';
      if (heldForMemory) {
        this.removed.add(id);
        this.event(job, 9, Date.now(), 'Job was aborted.', ['via condor_rm (by user toil)']);
      }
      if (heldForMemory || this.scheduler.kill(id, 'condor_rm'))
        stdout += `All jobs in cluster ${id} have been marked for removal\n`;
      else stderr += `Couldn't find/remove all jobs in cluster ${id}\n`;
    }
    return { exitCode: stderr ? 1 : 0, stdout, stderr };
  }

  /** Whether condor_q lists the job: not ended, or held for its memory until someone removes it. */
  private inQueue(job: FakeJob): boolean {
    return job.state !== 'ended' || (job.reason === 'memory' && !this.removed.has(job.id));
  }

  private event(job: FakeJob, code: number, at: number, text: string, body?: string[]): void {
    const path = this.logs.get(job.id);
    if (path) writeEvent(path, code, job, at, text, body);
  }
}

function fail(message: string): CommandResult {
  return { exitCode: 1, stdout: '', stderr: `${message}\n` };
}

/** A job's ad with the attributes Toil asks for. */
function ad(job: FakeJob, removed: boolean): Record<string, unknown> {
  const seconds = (ms: number | undefined) => (ms === undefined ? undefined : Math.floor(ms / 1000));
  const heldForMemory = job.reason === 'memory' && !removed;
  const status =
    job.state === 'held' || heldForMemory
      ? 5
      : { queued: 1, held: 5, running: 2, ended: job.killed ? 3 : 4 }[job.state];
  const base = {
    ClusterId: Number(job.id),
    ProcId: 0,
    JobStatus: status,
    JobCurrentStartDate: seconds(job.startTime),
    RemoteWallClockTime: runSeconds(job) ?? 0,
  };
  if (status === 5)
    return {
      ...base,
      HoldReason: heldForMemory ? MEMORY_HOLD : job.reason,
      HoldReasonCode: heldForMemory ? 34 : 15,
      HoldReasonSubCode: heldForMemory ? 102 : 0,
    };
  if (status === 3) return { ...base, RemoveReason: 'via condor_rm (by user toil)' };
  if (status !== 4) return base;
  const bySignal = job.signal !== undefined;
  return {
    ...base,
    CompletionDate: seconds(job.endTime),
    ExitBySignal: bySignal,
    ...(bySignal ? { ExitSignal: SIGNAL_NUMBERS[job.signal as NodeJS.Signals] ?? 9 } : { ExitCode: job.exitCode }),
  };
}
