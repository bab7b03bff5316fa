/**
 * Run the real, built `toil` CLI (and plain `node` scripts) as child processes and collect what they print.
 * The CLI is found through @toil/cli's own package.json `bin`, so the tests run exactly what a user installs.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const cliPackageJson = require.resolve('@toil/cli/package.json');
const cliBin = (JSON.parse(readFileSync(cliPackageJson, 'utf8')) as { bin: { toil: string } }).bin.toil;

/** Absolute path of the built CLI entry point (`apps/cli/dist/cli.js`). */
export const CLI_PATH = join(dirname(cliPackageJson), cliBin);

/** Directory of the fixture workflows. */
export const FIXTURES = resolve(import.meta.dirname, '../../fixtures');

/** Absolute path of a fixture workflow file. */
export function fixture(name: string): string {
  return join(FIXTURES, name);
}

/** How a child process ended and what it printed. */
export interface RunResult {
  /** Exit code, or null when a signal ended it. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** Kill the process after this long (default 120 s): a hung workflow fails the test instead of the suite. */
  timeoutMs?: number;
  /** Written to the process's standard input, which is then closed. */
  input?: string;
}

/** Run `node <args>` and resolve with its exit status and output (never rejects for a non-zero exit). */
export function runNode(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((done, fail) => {
    const child = execFile(
      process.execPath,
      args,
      {
        cwd: options.cwd,
        env: { ...process.env, ...options.env },
        timeout: options.timeoutMs ?? 120_000,
        killSignal: 'SIGKILL',
        maxBuffer: 64 * 1024 * 1024,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        const e = error as (Error & { code?: unknown; signal?: NodeJS.Signals | null }) | null;
        if (e && typeof e.code !== 'number' && !e.signal) return fail(e);
        done({ code: e ? (typeof e.code === 'number' ? e.code : null) : 0, signal: e?.signal ?? null, stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** Run `toil <args>` with the built CLI. */
export function runToil(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return runNode([CLI_PATH, ...args], options);
}

/** `toil run <fixture> <jobStore> --job <job> --args <JSON of args> [...extra]`. */
export function toilRun(
  fixtureName: string,
  jobStore: string,
  job: string,
  args: unknown[],
  extra: string[] = [],
  options: RunOptions = {},
): Promise<RunResult> {
  return runToil(
    ['run', fixture(fixtureName), jobStore, '--job', job, '--args', JSON.stringify(args), ...extra],
    options,
  );
}

/** Lines of the output that look like a JavaScript stack frame. */
export function stackFrames(text: string): string[] {
  return text.split('\n').filter((line) => /^\s{4}at /.test(line));
}

/** The lines Toil's leader prints with the `toil:` error prefix (the user-facing error). */
export function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith('toil: '));
}
