import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { databiosphereCases, defaultSuitesRoot, specCases } from './cases.js';
import { runCases } from './harness.js';

// The CI run of both conformance suites, whole, through the built runner: every case of every suite and version,
// expected failures included. A case outside conformance-xfail.yaml must pass and a case in it must fail (one that
// passes is an unexpected pass: remove it from the list). Left out are only the listed cases whose outcome depends
// on the machine's network (reason "needs the network": a public https or ftp host), which would pass or fail by
// where CI runs (today 4 of the 351). Measured (packages/wdl/README.md, "State (speed and CI conformance)"):
// ~140 s of CPU, 4 minutes of wall time on the shared two-core machine at a load average of 9 to 13, ~70 s on two
// idle cores.
const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const xfail = (parseYaml(
  readFileSync(fileURLToPath(new URL('../../conformance-xfail.yaml', import.meta.url)), 'utf8'),
) ?? {}) as Record<string, string>;
const needsNetwork = (key: string) => xfail[key]?.startsWith('needs the network') === true;

describe('WDL conformance (both whole suites)', () => {
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

  it('passes every case of both suites not in the xfail list, and fails exactly those in it', async () => {
    const root = defaultSuitesRoot(fileURLToPath(new URL('.', import.meta.url)));
    const all = [...databiosphereCases(root, ['draft-2', '1.0', '1.1', 'development']), ...specCases(root)];
    expect(all).toHaveLength(351);
    const cases = all.filter((c) => !needsNetwork(c.key));
    // Each listed network case is a real case, and only those are left out.
    expect(new Set(all.filter((c) => needsNetwork(c.key)).map((c) => c.key))).toEqual(
      new Set(Object.keys(xfail).filter((key) => needsNetwork(key))),
    );
    const report = await runCases(
      cases,
      { command: [process.execPath, CLI], extraArgs: ['--container', 'none'], timeout: 120 },
      xfail,
      2,
    );
    expect(report.failures.map((f) => `${f.key}: ${f.reason}`)).toEqual([]);
    expect(report.unexpectedPasses.map((f) => `${f.key} passes: remove it from conformance-xfail.yaml`)).toEqual([]);
    expect(report.passed + report.xfailed).toBe(cases.length);
  }, 1_800_000);
});
