import { CommandNotFoundError, type CommandOptions, type CommandResult, type CommandRunner } from '@toil/batch-grid';
import {
  lastOption,
  LocalFakeScheduler,
  parseFakeArgs,
  runSeconds,
  shellExitStatus,
  type FakeJob,
} from '@toil/batch-grid/testing';

const BSUB_VALUED = ['-J', '-o', '-oo', '-e', '-eo', '-n', '-M', '-R', '-W', '-q', '-P', '-gpu', '-G'];

/** The termination reasons the fake reports, as LSF words them in EXIT_REASON. */
const REASON_TEXT: Record<string, string> = {
  TERM_MEMLIMIT: 'TERM_MEMLIMIT: job killed after reaching LSF memory usage limit',
  TERM_RUNLIMIT: 'TERM_RUNLIMIT: job killed after reaching LSF run time limit',
  TERM_OWNER: 'TERM_OWNER: job killed by owner',
};

/**
 * `bsub`, `bjobs` and `bkill` on top of the local fake scheduler, printing LSF's formats: bsub's
 * `Job <id> is submitted to queue <normal>.` and refusals, `bjobs -o ... -json` records (with ERROR records for
 * unknown jobs), and bkill's per-job lines. Only queue `normal` exists; `-R` must have balanced brackets.
 */
export class FakeLsf implements CommandRunner {
  constructor(readonly scheduler: LocalFakeScheduler) {}

  async run(argv: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
    const [command, ...args] = argv;
    if (command === 'bsub') return this.bsub(args, options.input ?? '');
    if (command === 'bjobs') return this.bjobs(args);
    if (command === 'bkill') return this.bkill(args);
    throw new CommandNotFoundError(command);
  }

  private bsub(argv: string[], script: string): CommandResult {
    const args = parseFakeArgs(argv, BSUB_VALUED);
    const queue = lastOption(args, '-q') ?? 'normal';
    if (queue !== 'normal') return refuse(`${queue}: No such queue. Job not submitted.`);
    for (const req of args.options.get('-R') ?? []) {
      if (req.split('[').length !== req.split(']').length)
        return refuse('Bad resource requirement syntax. Job not submitted.');
    }
    const at = (name: string) => (id: string) => (lastOption(args, name) ?? '/dev/null').split('%J').join(id);
    const job = this.scheduler.submit({
      script,
      name: lastOption(args, '-J'),
      cores: Number(lastOption(args, '-n') ?? 1),
      stdout: at('-o'),
      stderr: at('-e'),
      env: (id) => ({ LSB_JOBID: id }),
    });
    return {
      exitCode: 0,
      stdout: `Job <${job.id}> is submitted to ${lastOption(args, '-q') ? '' : 'default '}queue <${queue}>.\n`,
      stderr: '',
    };
  }

  private bjobs(argv: string[]): CommandResult {
    const args = parseFakeArgs(argv, ['-o']);
    if (!args.options.has('-json')) return refuse('The fake bjobs only answers -o ... -json queries.');
    const records = args.operands.map((id) => {
      const job = this.scheduler.get(id);
      return job ? record(job) : { JOBID: id, ERROR: `Job <${id}> is not found` };
    });
    const missing = records.some((r) => 'ERROR' in r);
    return {
      exitCode: missing ? 255 : 0,
      stdout: `${JSON.stringify({ COMMAND: 'bjobs', JOBS: records.length, RECORDS: records }, null, 2)}\n`,
      stderr: '',
    };
  }

  private bkill(ids: string[]): CommandResult {
    const lines = ids.map((id) => {
      if (this.scheduler.kill(id, 'TERM_OWNER')) return { ok: true, text: `Job <${id}> is being terminated` };
      return {
        ok: false,
        text: this.scheduler.get(id) ? `Job <${id}>: Job has already finished` : `Job <${id}>: No matching job found`,
      };
    });
    return {
      exitCode: lines.every((l) => l.ok) ? 0 : 255,
      stdout: lines
        .filter((l) => l.ok)
        .map((l) => `${l.text}\n`)
        .join(''),
      stderr: lines
        .filter((l) => !l.ok)
        .map((l) => `${l.text}\n`)
        .join(''),
    };
  }
}

function refuse(message: string): CommandResult {
  return { exitCode: 255, stdout: '', stderr: `${message}\n` };
}

/** A job as `bjobs -o "jobid stat exit_code exit_reason run_time pend_reason" -json` shows it. */
function record(job: FakeJob): Record<string, string> {
  const status = shellExitStatus(job);
  const stat = { queued: 'PEND', held: 'PSUSP', running: 'RUN', ended: !job.killed && status === 0 ? 'DONE' : 'EXIT' }[
    job.state
  ];
  return {
    JOBID: job.id,
    STAT: stat,
    EXIT_CODE: stat === 'EXIT' && status !== undefined ? String(status) : '',
    EXIT_REASON: job.killed ? (REASON_TEXT[job.reason ?? ''] ?? REASON_TEXT.TERM_OWNER) : '',
    RUN_TIME: `${Math.floor(runSeconds(job) ?? 0)} second(s)`,
    PEND_REASON: job.state === 'queued' ? 'New job is waiting for scheduling;' : '',
  };
}
