import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { databiosphereCases, defaultSuitesRoot, specCases } from './cases.js';
import { runCases } from './harness.js';

// A bounded CI run of the conformance suites: an evenly spread sample of the cases that are not in the xfail
// list, run through the built runner; each must pass. `pnpm conformance:wdl` runs them all: 351 cases take
// ~260 s of CPU (0.74 s a case), more than the 2 minutes of two cores CI can give this test, so CI runs a sample.
const SAMPLE = 24;
const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const xfail = (parseYaml(
  readFileSync(fileURLToPath(new URL('../../conformance-xfail.yaml', import.meta.url)), 'utf8'),
) ?? {}) as Record<string, string>;

describe('WDL conformance (sample)', () => {
  it('lists a reason for every expected failure', () => {
    for (const [key, reason] of Object.entries(xfail)) {
      expect(key).toMatch(/^(spec|databiosphere)\/(draft-2|1\.0|1\.1|development)\/\S+$/);
      expect(typeof reason === 'string' && reason.length > 10, key).toBe(true);
    }
  });

  it(`passes ${SAMPLE} cases spread over both suites and all versions that are not in the xfail list`, async () => {
    const root = defaultSuitesRoot(fileURLToPath(new URL('.', import.meta.url)));
    // Commands that run `python` need the python image the documents name; CI hosts have Node and no Python, and
    // the sample runs with --container none, so those cases are left to the full harness.
    const needsPython = (c: { dir: string; wdl: string }) =>
      /^\s*python\b/m.test(readFileSync(join(c.dir, c.wdl), 'utf8'));
    const all = [...databiosphereCases(root, ['draft-2', '1.0', '1.1']), ...specCases(root)].filter(
      (c) => !(c.key in xfail) && !needsPython(c),
    );
    const stride = Math.max(1, Math.floor(all.length / SAMPLE));
    const sample = all.filter((_, i) => i % stride === 0).slice(0, SAMPLE);
    const report = await runCases(
      sample,
      { command: [process.execPath, CLI], extraArgs: ['--container', 'none'], timeout: 120 },
      xfail,
      2,
    );
    expect(report.failures.map((f) => `${f.key}: ${f.reason}`)).toEqual([]);
    expect(report.passed).toBe(sample.length);
  }, 600_000);
});
