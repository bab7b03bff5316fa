import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { databiosphereCases, defaultSuitesRoot, specCases, type TestCase } from '../conformance/cases.js';
import { rewriteForVersion } from '../conformance/rewrite.js';
import { openBundle, readBundle } from '../runtime/bundle.js';
import { checkNamespace } from './check.js';

// The checker must accept every conformance document that runs today: a document the suites expect to succeed
// (and that is not in the xfail list) must type-check, in every version the suites rewrite it for.
const xfail = (parseYaml(
  readFileSync(fileURLToPath(new URL('../../conformance-xfail.yaml', import.meta.url)), 'utf8'),
) ?? {}) as Record<string, string>;
const root = defaultSuitesRoot(fileURLToPath(new URL('.', import.meta.url)));
const cases = [...databiosphereCases(root, ['draft-2', '1.0', '1.1']), ...specCases(root)];
const scratch = mkdtempSync(join(tmpdir(), 'wdl-check-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The first type error of a case's document, or undefined when it checks. */
function checkCase(c: TestCase, n: number): string | undefined {
  const dir = join(scratch, String(n));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(c.dir).filter((f) => f.endsWith('.wdl')))
    writeFileSync(join(dir, name), rewriteForVersion(readFileSync(join(c.dir, name), 'utf8'), c.version));
  try {
    checkNamespace(openBundle(readBundle(join(dir, c.wdl))));
    return undefined;
  } catch (e) {
    return `${c.key}: ${(e as Error).message.split('\n')[0]}`;
  }
}

describe('the type checker on the conformance suites', () => {
  it('accepts every document the suites expect to run (outside the xfail list)', () => {
    const rejected = cases
      .map((c, i) => (c.fail || c.key in xfail ? undefined : checkCase(c, i)))
      .filter((m) => m !== undefined);
    expect(rejected).toEqual([]);
  }, 120_000);

  it('rejects before running the spec example that expects a type error (write_json of a Map with Int keys)', () => {
    const c = cases.find((x) => x.key === 'spec/1.1/write_json')!;
    expect(checkCase(c, -1)).toMatch(/write_json_fail\.wdl:6:\d+: write_json\(\): a Map with Int keys cannot be/);
  });
});
