/**
 * Runs many cases in parallel, applies the xfail list, and prints per-suite totals and the closing line
 * `N passed, N failed` (an xfail that fails counts as neither: it is reported as expected; one that passes is
 * reported so that it can leave the list).
 */
import type { TestCase } from './cases.js';
import { runCase, type CaseResult, type RunnerSpec } from './run-case.js';

/** What a harness run found. */
export interface HarnessReport {
  readonly results: CaseResult[];
  /** Cases not in the xfail list that failed. */
  readonly failures: CaseResult[];
  /** xfail cases that passed. */
  readonly unexpectedPasses: CaseResult[];
  readonly passed: number;
  readonly xfailed: number;
  readonly seconds: number;
}

/** Runs `cases` with `jobs` at a time. */
export async function runCases(
  cases: TestCase[],
  runner: RunnerSpec,
  xfail: Record<string, string>,
  jobs: number,
  onResult: (r: CaseResult, xfailed: boolean) => void = () => {},
): Promise<HarnessReport> {
  const started = Date.now();
  const results: CaseResult[] = [];
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const c = cases[next++];
      const r = await runCase(c, runner);
      results.push(r);
      onResult(r, c.key in xfail);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker));
  return {
    results,
    failures: results.filter((r) => !r.passed && !(r.key in xfail)),
    unexpectedPasses: results.filter((r) => r.passed && r.key in xfail),
    passed: results.filter((r) => r.passed).length,
    xfailed: results.filter((r) => !r.passed && r.key in xfail).length,
    seconds: (Date.now() - started) / 1000,
  };
}

/** Per-suite/version totals, one line each. */
export function totalsBySuite(results: CaseResult[]): string[] {
  const groups = new Map<string, { pass: number; total: number }>();
  for (const r of results) {
    const group = r.key.split('/').slice(0, 2).join(' ');
    const g = groups.get(group) ?? { pass: 0, total: 0 };
    g.total++;
    if (r.passed) g.pass++;
    groups.set(group, g);
  }
  return [...groups].sort().map(([k, g]) => `${k}: ${g.pass}/${g.total} passed`);
}
