import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { databiosphereCases, defaultSuitesRoot, specCases, type TestCase } from './cases.js';
import { runCases } from './harness.js';

// The CI run of the conformance suites, through the built runner. Both whole suites (351 cases) take ~145 s of CPU
// (about 72 s on two idle cores) but 7.5 to 13 minutes of wall time on the shared two-core machine at a load average
// of 12 to 25 (packages/wdl/README.md, "State"), more than this test may take there, so it runs every EVERY-th case of
// each suite and version (90 cases: ~3.5 minutes there), expected failures included. A case outside
// conformance-xfail.yaml must pass and a case in it must fail (one that passes is an unexpected pass: remove it from
// the list). `pnpm conformance:wdl` runs them all.
const EVERY = 4;
const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const xfail = (parseYaml(
  readFileSync(fileURLToPath(new URL('../../conformance-xfail.yaml', import.meta.url)), 'utf8'),
) ?? {}) as Record<string, string>;

/** Every EVERY-th case of each suite and version, in the suites' order, so that every group is represented. */
function spreadSample(cases: TestCase[], every: number): TestCase[] {
  const seen = new Map<string, number>();
  return cases.filter((c) => {
    const group = `${c.suite}/${c.version}`;
    const n = seen.get(group) ?? 0;
    seen.set(group, n + 1);
    return n % every === 0;
  });
}

describe('WDL conformance (CI sample)', () => {
  it('lists a reason for every expected failure', () => {
    for (const [key, reason] of Object.entries(xfail)) {
      expect(key).toMatch(/^(spec|databiosphere)\/(draft-2|1\.0|1\.1|development)\/\S+$/);
      expect(typeof reason === 'string' && reason.length > 10, key).toBe(true);
    }
  });

  it("has python on the host, which the suites' commands run with --container none", () => {
    const r = spawnSync('python', ['-c', 'import json, sys; print(sys.version_info[0])'], { encoding: 'utf8' });
    expect(r.error?.message ?? r.stdout.trim(), 'install it: bash tooling/ensure-python.sh').toBe('3');
  });

  it(`passes one case in ${EVERY} of each suite and version, and fails exactly those in the xfail list`, async () => {
    const root = defaultSuitesRoot(fileURLToPath(new URL('.', import.meta.url)));
    const all = [...databiosphereCases(root, ['draft-2', '1.0', '1.1', 'development']), ...specCases(root)];
    const sample = spreadSample(all, EVERY);
    expect(new Set(sample.map((c) => `${c.suite}/${c.version}`))).toEqual(
      new Set(all.map((c) => `${c.suite}/${c.version}`)),
    );
    const report = await runCases(
      sample,
      { command: [process.execPath, CLI], extraArgs: ['--container', 'none'], timeout: 120 },
      xfail,
      2,
    );
    expect(report.failures.map((f) => `${f.key}: ${f.reason}`)).toEqual([]);
    expect(report.unexpectedPasses.map((f) => `${f.key} passes: remove it from conformance-xfail.yaml`)).toEqual([]);
    expect(report.passed + report.xfailed).toBe(sample.length);
  }, 900_000);
});
