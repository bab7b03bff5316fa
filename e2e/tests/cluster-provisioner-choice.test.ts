/**
 * A cluster command with a provisioner that only scales a cluster it runs in (no `clusters`) is refused in one line
 * that names every installed provisioner plugin that does manage whole clusters, not just aws.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorLines, runToil, stackFrames } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

const ROOT = resolve(import.meta.dirname, '../..');
const FAKE = resolve(ROOT, 'e2e/fixtures/fake-provisioner.mjs');
const AWS = resolve(ROOT, 'packages/provisioner-aws/dist/index.js');
const GCE = resolve(ROOT, 'packages/provisioner-gce/dist/index.js');

/** destroy-cluster -p fake from an empty directory: only TOIL_PLUGINS (and their dependencies) are installed. */
async function refusal(plugins: string[]): Promise<string> {
  const result = await runToil(['destroy-cluster', '-p', 'fake', 'c1'], {
    // pnpm's NODE_PATH would make every workspace package resolvable.
    env: { TOIL_PLUGINS: plugins.join(','), NODE_PATH: '' },
    cwd: await tempDir('toil-choice-'),
  });
  expect(result.code, result.stderr).not.toBe(0);
  expect(stackFrames(result.stderr), result.stderr).toEqual([]);
  const lines = errorLines(result.stderr);
  expect(lines, result.stderr).toHaveLength(1);
  return lines[0]!;
}

describe('a provisioner that cannot manage whole clusters', () => {
  it('is refused naming every installed provisioner that can', async () => {
    expect(await refusal([FAKE, AWS, GCE])).toBe(
      "toil: The provisioner 'fake' (e2e/fixtures/fake-provisioner.mjs) cannot launch or manage whole clusters; use -p aws or -p gce.",
    );
  });

  it('names only those installed, and says so when there is none', async () => {
    expect(await refusal([FAKE, AWS])).toMatch(/cannot launch or manage whole clusters; use -p aws\.$/);
    expect(await refusal([FAKE])).toMatch(/cannot launch or manage whole clusters; none installed here can\.$/);
  });
});
