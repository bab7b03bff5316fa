/**
 * Running the tool's process: argv directly, or `/bin/sh -c` under ShellCommandRequirement, with stdin/stdout/
 * stderr redirected to files, in the output directory.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import type { Arg } from './cmdline.js';

/** How to start the tool. */
export interface SpawnSpec {
  /** The command and its arguments. */
  argv: string[];
  /** Working directory. */
  cwd: string;
  /** The whole environment. */
  env: Record<string, string>;
  /** Files to redirect from/to. */
  stdin?: string;
  /** See stdin. */
  stdout?: string;
  /** See stdin. */
  stderr?: string;
  /** Milliseconds before the tool is killed (ToolTimeLimit), or 0 for none. */
  timeLimitMs: number;
}

/** Quotes `text` for a POSIX shell. */
export function shellQuote(text: string): string {
  return /^[A-Za-z0-9_./=:,@%+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The argv of the tool: the arguments themselves, or `/bin/sh -c` with them joined under ShellCommandRequirement. */
export function toolArgv(args: Arg[], shell: boolean): string[] {
  if (!shell) return args.map((a) => a.text);
  return ['/bin/sh', '-c', args.map((a) => (a.quote ? shellQuote(a.text) : a.text)).join(' ')];
}

/** Runs the tool and resolves to its exit code (a signal or spawn failure counts as a failure code). */
export async function runProcess(spec: SpawnSpec): Promise<number> {
  const [command, ...rest] = spec.argv;
  const fds: number[] = [];
  const open = (path: string | undefined, flags: string): number | 'inherit' | 'ignore' => {
    if (path === undefined) return flags === 'r' ? 'ignore' : 'inherit';
    const fd = openSync(path, flags);
    fds.push(fd);
    return fd;
  };
  try {
    // The tool's own output goes to our stderr: stdout carries only the output object, as cwltest expects.
    const stdio = [open(spec.stdin, 'r'), open(spec.stdout, 'w'), open(spec.stderr, 'w')];
    if (stdio[1] === 'inherit') stdio[1] = 2;
    if (stdio[2] === 'inherit') stdio[2] = 2;
    return await new Promise<number>((resolve) => {
      const child = spawn(command, rest, { cwd: spec.cwd, env: spec.env, stdio });
      const timer = spec.timeLimitMs > 0 ? setTimeout(() => child.kill('SIGKILL'), spec.timeLimitMs) : undefined;
      child.on('error', () => resolve(127));
      child.on('close', (code) => {
        if (timer !== undefined) clearTimeout(timer);
        resolve(code ?? 1);
      });
    });
  } finally {
    for (const fd of fds) closeSync(fd);
  }
}
