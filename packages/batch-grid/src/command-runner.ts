import { execFile } from 'node:child_process';

/** What a scheduler command printed and how it exited. */
export interface CommandResult {
  /** Exit code; non-zero (or a signal) means the command failed. */
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** How to run one command. */
export interface CommandOptions {
  /** Text written to the command's stdin (a job script for sbatch, qsub, bsub). */
  input?: string;
  /** Extra environment for the command (on top of this process's). */
  env?: Record<string, string>;
  /** Kill the command after this long; a hung scheduler client must not hang the leader. */
  timeoutMs?: number;
}

/**
 * Runs scheduler commands. Batch systems get one injected, so unit tests replay each scheduler's real output
 * formats through a scripted runner instead of patching `child_process`.
 */
export interface CommandRunner {
  /** Run `argv[0]` with the rest as arguments. Resolves for any exit code; rejects only when it cannot start. */
  run(argv: readonly string[], options?: CommandOptions): Promise<CommandResult>;
}

/** The command is not installed (ENOENT): not worth retrying. */
export class CommandNotFoundError extends Error {
  constructor(readonly command: string) {
    super(`The command '${command}' was not found on PATH.`);
  }
}

const DEFAULT_TIMEOUT_MS = 120_000;

/** Runs commands as child processes (no shell, so arguments need no quoting). */
export class ProcessCommandRunner implements CommandRunner {
  run(argv: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
    const [command, ...args] = argv;
    return new Promise((resolve, reject) => {
      const child = execFile(
        command,
        args,
        {
          env: options.env ? { ...process.env, ...options.env } : process.env,
          timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
          killSignal: 'SIGKILL',
          maxBuffer: 256 * 1024 * 1024,
          encoding: 'utf8',
        },
        (error, stdout, stderr) => {
          const failure = error as (NodeJS.ErrnoException & { code?: unknown; killed?: boolean }) | null;
          if (failure?.code === 'ENOENT') return reject(new CommandNotFoundError(command));
          if (!failure) return resolve({ exitCode: 0, stdout, stderr });
          const exitCode = typeof failure.code === 'number' ? failure.code : 124;
          const note = failure.killed
            ? `\n(${command} was killed after ${options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms)`
            : '';
          resolve({ exitCode, stdout, stderr: stderr + note });
        },
      );
      child.stdin?.on('error', () => {
        // A command that exits without reading its stdin closes the pipe; its exit status says what happened.
      });
      child.stdin?.end(options.input ?? '');
    });
  }
}

/** The first non-empty line of a command's error output, for one-line messages. */
export function firstErrorLine(result: CommandResult): string {
  const line = `${result.stderr}\n${result.stdout}`.split('\n').find((l) => l.trim() !== '');
  return line?.trim() ?? `exit status ${result.exitCode}`;
}
