/** Run the CLI in the background (a leader to inspect or kill from another "shell") and wait for conditions. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { onTestFinished } from 'vitest';
import { CLI_PATH, type RunResult } from './cli.js';

/** A running `toil` process. */
export interface Background {
  child: ChildProcess;
  /** Resolves when it exits, with what it printed. */
  done: Promise<RunResult>;
}

/** Start `toil <args>`; it is SIGKILLed when the test ends if still running. */
export function startToil(args: string[], env: Record<string, string> = {}): Background {
  const child = spawn(process.execPath, [CLI_PATH, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<RunResult>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return { child, done };
}

/** Wait until `check` holds, polling every 50 ms; throws with `what` after `timeoutMs`. */
export async function waitUntil(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting until ${what}`);
    await sleep(50);
  }
}

/** Wait until every path exists. */
export function waitForFiles(paths: string[], timeoutMs?: number): Promise<void> {
  return waitUntil(`${paths.join(', ')} exist`, () => paths.every((p) => existsSync(p)), timeoutMs);
}

/** Whether a process with this PID exists. */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
