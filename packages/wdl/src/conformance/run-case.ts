/**
 * Runs one case: the document (rewritten for the case's version, with the other documents of its folder beside
 * it for imports) in a private temporary folder, the runner as a child process, then the suite's comparison.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestCase } from './cases.js';
import { compareLoose, compareTyped, type SuiteType } from './compare.js';
import { rewriteForVersion } from './rewrite.js';

/** A case's outcome. */
export interface CaseResult {
  readonly key: string;
  readonly passed: boolean;
  /** Why it failed (first mismatch, or the end of the runner's stderr). */
  readonly reason?: string;
  readonly seconds: number;
}

/** How to run the runner. */
export interface RunnerSpec {
  /** Command and leading arguments, e.g. `[node, dist/cli.js]`. */
  readonly command: string[];
  /** Extra arguments for every run (e.g. `--container none`). */
  readonly extraArgs: string[];
  /** Seconds before a run is killed and fails. */
  readonly timeout: number;
}

/** Runs a case and compares its outputs. */
export async function runCase(c: TestCase, runner: RunnerSpec): Promise<CaseResult> {
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'wdl-conf-'));
  try {
    for (const name of importClosure(c.dir, c.wdl))
      writeFileSync(join(dir, name), rewriteForVersion(readFileSync(join(c.dir, name), 'utf8'), c.version));
    const results = join(dir, 'results.json');
    const args = [
      ...runner.command.slice(1),
      join(dir, c.wdl),
      '--outputDialect',
      'miniwdl',
      '-m',
      results,
      '-i',
      JSON.stringify(c.inputs),
      '--jobStore',
      join(dir, 'jobstore'),
      '--logLevel',
      'WARNING',
      ...(c.task ? ['--task', c.task] : []),
      ...runner.extraArgs,
    ];
    const { code, stderr } = await spawnRunner(runner.command[0], args, c.cwd, runner.timeout);
    const seconds = (Date.now() - started) / 1000;
    const tail = failureLine(stderr);
    if (c.fail)
      return {
        key: c.key,
        passed: code !== 0,
        reason: code === 0 ? 'expected a failure, but the run succeeded' : undefined,
        seconds,
      };
    if (code !== 0 || !existsSync(results))
      return { key: c.key, passed: false, reason: `exit ${code}: ${tail}`, seconds };
    const actual = (JSON.parse(readFileSync(results, 'utf8')) as { outputs: Record<string, unknown> }).outputs;
    let reason: string | undefined;
    try {
      reason = compareOutputs(c, actual);
    } catch (e) {
      reason = `the comparison failed: ${(e as Error).message}`;
    }
    return { key: c.key, passed: reason === undefined, reason, seconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The case's document and the documents of its folder it imports, directly or not: the spec's folder holds 150
 * documents, and copying them all for every case cost more than running many of the cases.
 */
export function importClosure(dir: string, wdl: string): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name) || !existsSync(join(dir, name))) return;
    seen.add(name);
    for (const m of readFileSync(join(dir, name), 'utf8').matchAll(/^\s*import\s+["']([^"']+)["']/gm))
      if (!/^[a-z]+:\/\//.test(m[1]) && !m[1].includes('/')) visit(m[1]);
  };
  visit(wdl);
  return [...seen];
}

/** The suite's comparison of all outputs. */
export function compareOutputs(c: TestCase, actual: Record<string, unknown>): string | undefined {
  const expected = Object.entries(c.outputs).filter(
    ([k]) => !c.excluded.includes(k) && !c.excluded.includes(k.split('.').pop()!),
  );
  if (c.suite === 'databiosphere') {
    const count = Object.keys(actual).filter(
      (k) => !c.excluded.includes(k) && !c.excluded.includes(k.split('.').pop()!),
    ).length;
    if (count !== expected.length)
      return `expected ${expected.length} outputs, got ${count}: ${Object.keys(actual).join(', ')}`;
    for (const [name, spec] of expected) {
      const { type, value } = spec as { type: SuiteType; value: unknown };
      const m = compareTyped(type, value, actual[name], name, c.cwd);
      if (m) return m;
    }
    return undefined;
  }
  // Spec examples sometimes name outputs with another prefix than the target's: match by the name after it.
  const byName = new Map(Object.entries(actual).map(([k, v]) => [k.slice(k.indexOf('.') + 1), v]));
  for (const [name, value] of expected) {
    const m = compareLoose(value, byName.get(name.slice(name.indexOf('.') + 1)), name);
    if (m) return m;
  }
  return undefined;
}

function spawnRunner(
  command: string,
  args: string[],
  cwd: string,
  timeout: number,
): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    // Without VITEST, which the package's tests set: under it the runner builds its lexer and parser with their
    // grammar self-checks (syntax/parse.test.ts wants them), which only slow each case down.
    const { VITEST: _vitest, ...env } = process.env;
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-20_000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeout * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 137, stderr: code === null ? `${stderr}\ntimed out after ${timeout} s` : stderr });
    });
  });
}

/** The most telling line of a failed run's stderr: the WDL error a job raised, else the runner's last line. */
function failureLine(stderr: string): string {
  const lines = stderr.split('\n');
  const error = lines.find((l) => /\b(Wdl\w+Error|\w+Error): /.test(l) && !/UnfulfilledPromise/.test(l));
  const pick = error ?? lines.filter((l) => l.trim() !== '').pop() ?? '';
  return pick
    .replace(/^\S+\s{2,}/, '')
    .replace(/^\s*at\s.*$/, '')
    .trim()
    .slice(0, 200);
}
