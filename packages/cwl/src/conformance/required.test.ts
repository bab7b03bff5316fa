/**
 * The bounded CI run of the CWL conformance suite: every test tagged `required` through the built
 * toil-cwl-runner, two at a time. Each test must pass unless conformance-xfail.yaml lists it with a reason, and a
 * listed test that passes must be taken off the list, so the list stays the honest "not yet".
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readXfail, runSuite } from './harness.js';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const suiteRoot = resolve(packageDir, '../../../shared/conformance/cwl-v1.2');

describe('CWL v1.2 conformance, required tests', () => {
  it('suite is present beside the repository', () => {
    expect(existsSync(join(suiteRoot, 'conformance_tests.yaml'))).toBe(true);
  });

  it('passes every required test that is not in the xfail list', { timeout: 600_000 }, async () => {
    const xfail = readXfail(join(packageDir, 'conformance-xfail.yaml'));
    const { results } = await runSuite({
      suiteRoot,
      runner: [process.execPath, join(packageDir, 'dist/cli.js')],
      tags: ['required'],
      only: [],
      parallel: 2,
    });
    expect(results).toHaveLength(84);
    const unexpected = results
      .filter((r) => r.status !== 'passed' && !xfail.has(r.test.id))
      .map((r) => `${r.test.id}: ${r.reason ?? r.status}`);
    const xpassed = results.filter((r) => r.status === 'passed' && xfail.has(r.test.id)).map((r) => r.test.id);
    expect(unexpected).toEqual([]);
    expect(xpassed).toEqual([]);
  });
});
