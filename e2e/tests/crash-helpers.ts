/**
 * Helpers of the crash tests: run the real CLI as a child process with a tag in its environment, so every
 * process it starts (warm workers inherit the environment) can be found in /proc, even after reparenting.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const e2eDir = resolve(import.meta.dirname, '..');
export const cliPath = resolve(e2eDir, '../apps/cli/dist/cli.js');
export const crashFixture = resolve(e2eDir, 'fixtures/crash.ts');

/** Environment variable that tags the processes of one test run. */
const TAG = 'TOIL_E2E_CRASH_TAG';

/** A running `toil run`. */
export interface RunningToil {
  child: ChildProcess;
  /** Resolves when the process has exited, with its code (or signal) and output. */
  ended: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** Start `node cli.js run <args...>` with `tag` in its environment. */
export function startToil(args: string[], tag: string): RunningToil {
  const child = spawn(process.execPath, [cliPath, 'run', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, [TAG]: tag },
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (done) => child.on('close', (code, signal) => done({ code, signal, stdout, stderr })),
  );
  return { child, ended };
}

/** Run `toil run <args...>` to the end, with a timeout that kills it. */
export async function runToil(args: string[], tag: string, timeoutMs = 120_000) {
  const run = startToil(args, tag);
  const timer = setTimeout(() => run.child.kill('SIGKILL'), timeoutMs);
  try {
    return await run.ended;
  } finally {
    clearTimeout(timer);
  }
}

/** Live (non-zombie) processes whose environment carries `tag`, with their command lines. */
export function taggedProcesses(tag: string): { pid: number; cmdline: string }[] {
  const needle = `\0${TAG}=${tag}\0`;
  const found: { pid: number; cmdline: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // A zombie's environ reads as empty, so exited-but-unreaped processes do not count.
      const environ = `\0${readFileSync(`/proc/${entry}/environ`, 'latin1')}`;
      if (!environ.includes(needle)) continue;
      found.push({
        pid: Number(entry),
        cmdline: readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim(),
      });
    } catch {
      // Gone while we looked, or not ours to read.
    }
  }
  return found;
}

/** Number of live `worker-process.js` processes on the machine (any workflow's). */
export function workerProcessCount(): number {
  let n = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('worker-process.js')) n++;
    } catch {
      // gone
    }
  }
  return n;
}

/** Direct children of a process (all its threads' children). */
export function childrenOf(pid: number): number[] {
  const kids: number[] = [];
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
    if (text) kids.push(...text.split(/\s+/).map(Number));
  }
  return kids;
}

/** Poll `check` every 50 ms until it returns a truthy value or `timeoutMs` passes; returns the last value. */
export async function waitFor<T>(check: () => T, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value || Date.now() >= deadline) return value;
    await sleep(50);
  }
}

/** Σ i² for i < n. */
export const sumOfSquares = (n: number) => ((n - 1) * n * (2 * n - 1)) / 6;

/** How many times each index 0..n-1 appears in a log of one index per line; throws on anything else. */
export function countIndices(text: string, n: number): number[] {
  const counts = new Array<number>(n).fill(0);
  for (const line of text.split('\n')) {
    if (!line) continue;
    const i = Number(line);
    if (!Number.isInteger(i) || i < 0 || i >= n)
      throw new Error(`unexpected line in the side-effect log: ${JSON.stringify(line)}`);
    counts[i]++;
  }
  return counts;
}
