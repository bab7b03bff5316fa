/** Running an engine's command line: one short-lived child process with a timeout, never a shell. */
import { execFile } from 'node:child_process';

/** How an engine command ended and what it printed. */
export interface ExecResult {
  /** Exit status; -1 when the command could not be started or was killed by the timeout. */
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Run `command ...args` and resolve with its status and output; never rejects, so callers decide what a
 * non-zero status means (for `image exists` it is an answer, not a failure).
 * @param timeoutMs The child is killed (SIGKILL) after this long: a wedged engine must not hang a job forever.
 */
export function execCommand(command: string, args: string[], timeoutMs = 120_000): Promise<ExecResult> {
  return new Promise((done) => {
    execFile(
      command,
      args,
      { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const e = error as (NodeJS.ErrnoException & { code?: unknown }) | null;
        if (!e) return done({ code: 0, stdout, stderr });
        if (typeof e.code === 'number') return done({ code: e.code, stdout, stderr });
        done({ code: -1, stdout, stderr: stderr || e.message });
      },
    );
  });
}

/**
 * The line of an engine's error output worth quoting in a one-line message: its last `Error:` line (podman and
 * docker print progress such as "Trying to pull ..." first), else its last non-empty line.
 */
export function errorLine(text: string): string {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !/^time=".*level=warn/.test(line));
  return [...lines].reverse().find((line) => /^error/i.test(line)) ?? lines.at(-1) ?? 'no output';
}
