/**
 * The conformance report: a per-tag table (passed / failed / unsupported / xfail), the totals, the failures with
 * their reasons, and a last line `N passed, N failed`.
 */
import type { TestResult } from './run-test.js';

/** The report text for `results`; `xfail` maps expected-failure ids to their reasons. */
export function formatReport(results: TestResult[], xfail: Map<string, string>, wallMs: number): string {
  const tags = new Map<string, { passed: number; failed: number; unsupported: number; xfail: number }>();
  for (const result of results) {
    for (const tag of result.test.tags) {
      const row = tags.get(tag) ?? { passed: 0, failed: 0, unsupported: 0, xfail: 0 };
      if (result.status === 'failed' && xfail.has(result.test.id)) row.xfail++;
      else row[result.status]++;
      tags.set(tag, row);
    }
  }
  const lines = ['tag                              passed  failed  xfail  unsupported'];
  for (const [tag, row] of [...tags.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(
      `${tag.padEnd(32)} ${String(row.passed).padStart(6)}  ${String(row.failed).padStart(6)}  ${String(row.xfail).padStart(5)}  ${String(row.unsupported).padStart(11)}`,
    );
  }
  const count = (status: TestResult['status']) => results.filter((r) => r.status === status).length;
  const failures = results.filter((r) => r.status === 'failed');
  const unexpected = failures.filter((r) => !xfail.has(r.test.id));
  const xpassed = results.filter((r) => r.status === 'passed' && xfail.has(r.test.id));
  lines.push('');
  for (const failure of failures) {
    const mark = xfail.has(failure.test.id) ? 'xfail' : 'FAIL ';
    lines.push(`${mark} #${failure.test.number} ${failure.test.id}: ${failure.reason ?? ''}`);
  }
  for (const pass of xpassed) lines.push(`XPASS #${pass.test.number} ${pass.test.id}: remove it from the xfail list`);
  const times = results.map((r) => r.ms).sort((a, b) => a - b);
  const median = times.length === 0 ? 0 : times[Math.floor(times.length / 2)];
  lines.push('');
  lines.push(
    `${results.length} tests in ${(wallMs / 1000).toFixed(1)} s wall (median test ${median} ms): ${count('passed')} passed, ` +
      `${failures.length} failed (${unexpected.length} not in the xfail list), ${count('unsupported')} unsupported`,
  );
  lines.push(`${count('passed')} passed, ${failures.length} failed`);
  return lines.join('\n');
}
