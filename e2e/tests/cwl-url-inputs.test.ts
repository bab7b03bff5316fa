/**
 * toil-cwl-runner with input Files given as s3:// URLs in the job file, against the real S3 server of
 * tooling/start-s3.sh (Ceph radosgw on 127.0.0.1): downloaded through the s3 URL-scheme plugin of
 * @toil/jobstore-aws on both paths (in the runner's process, and as Toil jobs on single_machine).
 */
import { writeFileSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { getDefaultConfig } from '@toil/core';
import { AwsJobStore, s3UrlScheme } from '@toil/jobstore-aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNode } from './helpers/cli.js';
import { testS3Env, uniqueStoreName } from './helpers/s3.js';
import { tempDir } from './helpers/temp.js';

const CWL_CLI = resolve(import.meta.dirname, '../../packages/cwl/dist/cli.js');
const s3 = testS3Env();
// The runner finds the plugin by name where it is installed; naming its module makes that explicit here.
const env = { ...s3, TOIL_PLUGINS: createRequire(import.meta.url).resolve('@toil/jobstore-aws') };
let savedEnv: NodeJS.ProcessEnv;
let store: AwsJobStore;
let bucket: string;

beforeAll(async () => {
  savedEnv = { ...process.env };
  Object.assign(process.env, s3);
  // A bucket to hold the input: an aws: store's own, destroyed after the tests.
  store = new AwsJobStore(`aws:us-east-1:${uniqueStoreName('cwl-urls')}`);
  await store.initialize(getDefaultConfig(store.locator));
  bucket = `${store.locator.split(':')[2]}--toil`;
  // tempDir() belongs to a test; this folder is the hook's own, removed at once.
  const dir = await mkdtemp(join(tmpdir(), 'cwl-urls-'));
  await writeFile(join(dir, 'reads.txt'), 'an input in S3\n');
  await (await s3UrlScheme.load()).upload(join(dir, 'reads.txt'), `s3://${bucket}/inputs/reads.txt`);
  await rm(dir, { recursive: true, force: true });
}, 120_000);

afterAll(async () => {
  await store.destroy();
  process.env = savedEnv;
}, 120_000);

async function files(dir: string, location: string): Promise<{ tool: string; job: string }> {
  const tool = join(dir, 'cat.cwl');
  writeFileSync(
    tool,
    'cwlVersion: v1.2\nclass: CommandLineTool\nbaseCommand: cat\ninputs:\n  f: {type: File, inputBinding: {}}\n' +
      'stdout: got.txt\noutputs:\n  out: stdout\n',
  );
  const job = join(dir, 'job.yml');
  writeFileSync(job, `f: {class: File, location: "${location}"}\n`);
  return { tool, job };
}

describe.each([
  ['in-process', []],
  ['toil', ['--batchSystem', 'single_machine']],
])('toil-cwl-runner with an s3:// input (%s)', (_, extra: string[]) => {
  it('downloads the object through the s3 plugin and runs the tool on it', async () => {
    const dir = await tempDir();
    const { tool, job } = await files(dir, `s3://${bucket}/inputs/reads.txt`);
    const result = await runNode([CWL_CLI, '--quiet', ...extra, '--outdir', join(dir, 'out'), tool, job], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(join(dir, 'out', 'got.txt'), 'utf8')).toBe('an input in S3\n');
  });

  it('refuses a missing object in one line quoting its URL', async () => {
    const dir = await tempDir();
    const url = `s3://${bucket}/inputs/missing.txt`;
    const { tool, job } = await files(dir, url);
    const result = await runNode([CWL_CLI, '--quiet', ...extra, tool, job], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^toil-cwl-runner: Cannot download the input '${url}': [^\\n]+\\n$`));
    expect(result.stderr).toContain('missing.txt');
  });
});
