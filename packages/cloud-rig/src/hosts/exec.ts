import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** A system command (ip, ssh-keygen, nsenter...) that exited non-zero; the message carries its stderr. */
export class RigCommandError extends Error {
  /** @param command The command line, for the message. */
  constructor(
    readonly command: string,
    readonly stderr: string,
  ) {
    super(`'${command}' failed: ${stderr.trim().split('\n').slice(-3).join(' / ')}`);
    this.name = 'RigCommandError';
  }
}

/**
 * Run a command to completion (10 s timeout: every rig command is quick; one that hangs is a broken rig) and give
 * its stdout.
 */
export async function run(command: string, args: readonly string[], timeoutMs = 10_000): Promise<string> {
  try {
    const { stdout } = await execFileAsync(command, args, { timeout: timeoutMs, encoding: 'utf8' });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? String(error);
    throw new RigCommandError([command, ...args].join(' '), stderr);
  }
}

/** Like {@link run}, but a failure is ignored (teardown of something that may already be gone). */
export async function runQuietly(command: string, args: readonly string[]): Promise<void> {
  await run(command, args).catch(() => undefined);
}
