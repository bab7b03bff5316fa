import { appendFileSync } from 'node:fs';
import { CommandNotFoundError, type CommandOptions, type CommandResult, type CommandRunner } from '@toil/batch-grid';
import { LocalFakeScheduler, SIGNAL_NUMBERS, type FakeJob } from '@toil/batch-grid/testing';

/** How the fake hub behaves. */
export interface FakeParasolOptions {
  /** The program name the adapter answers to (what --parasolCommand names). */
  command?: string;
  /** Refuse every new job the way a hub refuses jobs of a batch it marked sick. */
  sickBatch?: boolean;
}

/**
 * The `parasol` client on top of the local fake scheduler, in Parasol's formats: options come before the command
 * (`parasol -verbose -results=FILE -cpu=N -ram=BYTES add job <command...>`), `add job` prints
 * `your job <id> ("<command>") has been submitted`, `pstat2` prints `r|q <id> <user> <exe> <time> <host>` lines,
 * `remove job <id>` kills, and each job that ends on its own gets a line in its batch's results file (its wait
 * status, host, ID, times). Like Parasol, it captures no output.
 */
export class FakeParasol implements CommandRunner {
  private readonly results = new Map<string, { file: string; command: string }>();

  constructor(
    readonly scheduler: LocalFakeScheduler,
    private readonly options: FakeParasolOptions = {},
  ) {
    scheduler.on('end', (job) => {
      const batch = this.results.get(job.id);
      // The hub writes no result for a job it removed.
      if (!batch || job.killed) return;
      const seconds = (ms: number | undefined) => Math.floor((ms ?? 0) / 1000);
      const line = [
        waitStatus(job),
        'localhost',
        job.id,
        'sh',
        0,
        0,
        seconds(job.submitTime),
        seconds(job.startTime),
        seconds(job.endTime),
        'toil',
        '/tmp/para.err',
        `'${batch.command}'`,
      ];
      appendFileSync(batch.file, `${line.join(' ')}\n`);
    });
  }

  async run(argv: readonly string[], _options: CommandOptions = {}): Promise<CommandResult> {
    const [program, ...args] = argv;
    if (program !== (this.options.command ?? 'parasol')) throw new CommandNotFoundError(program);
    const options = new Map<string, string>();
    while (args[0]?.startsWith('-')) {
      const [name, value = ''] = (args.shift() as string).slice(1).split(/=(.*)/s);
      options.set(name, value);
    }
    const [verb, noun, ...rest] = args;
    if (verb === 'add' && noun === 'job' && rest.length) return this.addJob(options, rest);
    if (verb === 'pstat2') return this.pstat2();
    if (verb === 'remove' && noun === 'job' && /^\d+$/.test(rest[0] ?? '')) {
      this.scheduler.kill(rest[0], 'removed');
      return { exitCode: 0, stdout: '', stderr: '' };
    }
    return {
      exitCode: 255,
      stdout: '',
      stderr: 'parasol - Parasol program - for launching programs in parallel on a computer cluster\nusage: ...\n',
    };
  }

  private addJob(options: Map<string, string>, command: string[]): CommandResult {
    if (this.options.sickBatch) return { exitCode: 255, stdout: '', stderr: 'sick batch?: hub returned jobId==0\n' };
    const results = options.get('results') ?? `${process.cwd()}/results`;
    const job = this.scheduler.submit({
      script: command.join(' '),
      name: command[0],
      cores: Math.ceil(Number(options.get('cpu') ?? 1)),
      memory: Number(options.get('ram') ?? 0),
    });
    this.results.set(job.id, { file: results, command: command.join(' ') });
    // Without -verbose the real client prints nothing at all.
    const stdout = options.has('verbose') ? `your job ${job.id} ("${command.join(' ')}") has been submitted\n` : '';
    return { exitCode: 0, stdout, stderr: '' };
  }

  private pstat2(): CommandResult {
    const lines = this.scheduler.list().flatMap((job) => {
      if (job.state === 'running')
        return [`r ${job.id} toil sh ${Math.floor((job.startTime as number) / 1000)} localhost`];
      if (job.state === 'queued') return [`q ${job.id} toil sh ${Math.floor(job.submitTime / 1000)} none`];
      return [];
    });
    // A job of another user, as on a shared hub.
    lines.push('r 1 someone blat 1795600000 node01.example.org');
    return { exitCode: 0, stdout: `${lines.join('\n')}\n`, stderr: '' };
  }
}

/** The job's wait() status: exit code in bits 8-15, or the signal number. */
function waitStatus(job: FakeJob): number {
  if (job.signal) return SIGNAL_NUMBERS[job.signal] ?? 9;
  return (job.exitCode ?? 0) << 8;
}
