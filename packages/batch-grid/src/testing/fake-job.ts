/** Where a job of the local fake scheduler is. */
export type FakeJobState = 'queued' | 'held' | 'running' | 'ended';

/** What a scheduler adapter asks the fake to run. */
export interface FakeJobRequest {
  /** The job script; it runs as `sh <script file>`, as batch schedulers run submitted scripts. */
  script: string;
  /** Job name, kept for the adapter's listings. */
  name?: string;
  /** Cores the job holds while it runs (default 1); a job needing more than the fake has stays queued forever. */
  cores?: number;
  /** Memory requested, in bytes; kept for listings (the fake enforces no memory limit). */
  memory?: number;
  /** Output files, appended to (as `bsub -o` and friends do); a function gets the job's ID for placeholders. */
  stdout?: string | ((id: string) => string);
  stderr?: string | ((id: string) => string);
  /** Extra environment, e.g. the scheduler's own `LSB_JOBID`; a function gets the job's ID. */
  env?: Record<string, string> | ((id: string) => Record<string, string>);
  /** Working directory (default this process's). */
  cwd?: string;
  /** Submit the job held, with this reason (HTCondor's `hold = true`); it starts only after `release`. */
  hold?: string;
}

/** One job as the fake tracks it. Adapters read it to print their scheduler's listings. */
export interface FakeJob {
  readonly id: string;
  readonly name: string;
  readonly cores: number;
  readonly memory?: number;
  readonly stdout: string;
  readonly stderr: string;
  state: FakeJobState;
  /** Exit code when the script exited on its own. */
  exitCode?: number;
  /** Signal that ended the script, e.g. `SIGKILL`. */
  signal?: NodeJS.Signals;
  /** Why the job was ended from outside (`kill(id, reason)`), or why it is held. */
  reason?: string;
  /** Whether `kill` ended it (before or while it ran). */
  killed: boolean;
  /** Milliseconds since the epoch. */
  submitTime: number;
  startTime?: number;
  endTime?: number;
  /** Process ID of the job's shell while it runs. */
  pid?: number;
}

/** Seconds a job ran (to its end, or until now while it runs); undefined before it starts. */
export function runSeconds(job: FakeJob, now = Date.now()): number | undefined {
  if (job.startTime === undefined) return undefined;
  return ((job.endTime ?? now) - job.startTime) / 1000;
}

/** A shell-style exit status: the exit code, or 128 + signal number for a job a signal ended. */
export function shellExitStatus(job: FakeJob): number | undefined {
  if (job.exitCode !== undefined) return job.exitCode;
  if (!job.signal) return undefined;
  return 128 + (SIGNAL_NUMBERS[job.signal] ?? 9);
}

/** Signal numbers as Linux numbers them (the ones a job is likely to die of). */
export const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGABRT: 6,
  SIGKILL: 9,
  SIGSEGV: 11,
  SIGPIPE: 13,
  SIGTERM: 15,
  SIGXCPU: 24,
};
