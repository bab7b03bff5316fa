/**
 * Running one conformance test the way cwltest does: `<runner> --outdir=<fresh> --quiet <tool> [<job>]` from the
 * suite root, then judging the exit code and comparing the output.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compare } from './compare.js';
import type { ConformanceTest } from './suite.js';

/** The outcome of one test. */
export interface TestResult {
  /** The test. */
  test: ConformanceTest;
  /** passed, failed, or unsupported (exit 33 on a test not tagged required). */
  status: 'passed' | 'failed' | 'unsupported';
  /** Why it failed. */
  reason?: string;
  /** Wall time in milliseconds. */
  ms: number;
}

/** Runs `test` with the runner command `runner` (argv prefix) from `suiteRoot`. */
export async function runTest(
  test: ConformanceTest,
  runner: string[],
  suiteRoot: string,
  timeoutMs = 600_000,
): Promise<TestResult> {
  const outdir = mkdtempSync(join(tmpdir(), 'cwl-conf-'));
  const started = Date.now();
  const args = [
    ...runner.slice(1),
    `--outdir=${outdir}`,
    '--quiet',
    test.tool,
    ...(test.job === undefined ? [] : [test.job]),
  ];
  const { code, stdout, stderr } = await execute(runner[0], args, suiteRoot, timeoutMs);
  const ms = Date.now() - started;
  try {
    if (code === 33 && !test.tags.includes('required')) return { test, status: 'unsupported', ms };
    if (test.shouldFail) {
      return code !== 0
        ? { test, status: 'passed', ms }
        : { test, status: 'failed', reason: 'exit 0 on a should_fail test', ms };
    }
    if (code !== 0) return { test, status: 'failed', reason: `exit ${code}: ${lastLine(stderr)}`, ms };
    let actual: unknown;
    try {
      actual = stdout.trim() === '' ? {} : JSON.parse(stdout);
    } catch {
      return { test, status: 'failed', reason: `stdout is not JSON: ${stdout.slice(0, 200)}`, ms };
    }
    const diff = compare(test.output, actual);
    return diff === undefined ? { test, status: 'passed', ms } : { test, status: 'failed', reason: diff, ms };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

async function execute(command: string, args: string[], cwd: string, timeoutMs: number) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1]?.slice(0, 300) ?? '';
}
