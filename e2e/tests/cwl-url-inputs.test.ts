/**
 * toil-cwl-runner with input Files and Directories given as s3:// URLs in the job file, against the real S3 server
 * of tooling/start-s3.sh (Ceph radosgw on 127.0.0.1): imported straight into the job store through the s3
 * URL-scheme plugin of @toil/jobstore-aws (jobs in the runner's process, and forked workers on single_machine),
 * a Directory listed through the plugin's `list`.
 */
import { mkdirSync, readdirSync, writeFileSync, readFileSync } from 'node:fs';
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
  const handler = await s3UrlScheme.load();
  await handler.upload(join(dir, 'reads.txt'), `s3://${bucket}/inputs/reads.txt`);
  // A folder: two files, one in a sub-folder.
  await handler.upload(join(dir, 'reads.txt'), `s3://${bucket}/inputs/tree/a.txt`);
  await writeFile(join(dir, 'b.txt'), 'deeper\n');
  await handler.upload(join(dir, 'b.txt'), `s3://${bucket}/inputs/tree/sub/b.txt`);
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
  ['jobs in the runner', []],
  ['forked workers', ['--batchSystem', 'single_machine', '--inProcessJobs', 'false']],
])('toil-cwl-runner with an s3:// input (%s)', (_, extra: string[]) => {
  it('imports the object through the s3 plugin into the job store and runs the tool on it', async () => {
    const dir = await tempDir();
    const { tool, job } = await files(dir, `s3://${bucket}/inputs/reads.txt`);
    const tmp = join(dir, 'tmp');
    const args = ['--tmpdir-prefix', tmp, '--leave-tmpdir', '--outdir', join(dir, 'out'), tool, job];
    mkdirSync(tmp);
    const result = await runNode([CWL_CLI, '--quiet', ...extra, ...args], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(join(dir, 'out', 'got.txt'), 'utf8')).toBe('an input in S3\n');
    // Imported straight: the runner's work folder holds no downloaded copy (url-* folders, before).
    const left = readdirSync(tmp).flatMap((d) => readdirSync(join(tmp, d)));
    expect(left.filter((name) => name.startsWith('url-'))).toEqual([]);
  });

  it('imports a Directory given as an s3:// prefix, with its deep listing, and the tool reads its files', async () => {
    const dir = await tempDir();
    const tool = join(dir, 'tree.cwl');
    writeFileSync(
      tool,
      [
        'cwlVersion: v1.2',
        'class: CommandLineTool',
        'requirements: {LoadListingRequirement: {loadListing: deep_listing}}',
        'baseCommand: [sh, -c, \'cd "$0" && find . -type f | sort && cat a.txt sub/b.txt\']',
        'inputs: {d: {type: Directory, inputBinding: {}}}',
        'stdout: found.txt',
        'outputs:',
        '  found: stdout',
        '  entries: {type: int, outputBinding: {outputEval: $(inputs.d.listing.length)}}',
        '  inner: {type: string, outputBinding: {outputEval: "$(inputs.d.listing[1].listing[0].basename)"}}',
      ].join('\n'),
    );
    const job = join(dir, 'job.yml');
    writeFileSync(job, `d: {class: Directory, location: "s3://${bucket}/inputs/tree"}\n`);
    const result = await runNode([CWL_CLI, '--quiet', ...extra, '--outdir', join(dir, 'out'), tool, job], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(join(dir, 'out', 'found.txt'), 'utf8')).toBe('./a.txt\n./sub/b.txt\nan input in S3\ndeeper\n');
    const outputs = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(outputs.entries).toBe(2);
    expect(outputs.inner).toBe('b.txt');
  });

  it('refuses a Directory prefix with no objects in one line quoting it', async () => {
    const dir = await tempDir();
    const url = `s3://${bucket}/inputs/nothing`;
    const tool = join(dir, 'ls.cwl');
    writeFileSync(
      tool,
      'cwlVersion: v1.2\nclass: CommandLineTool\nbaseCommand: ls\ninputs: {d: Directory}\noutputs: {}\n',
    );
    const job = join(dir, 'job.yml');
    writeFileSync(job, `d: {class: Directory, location: "${url}"}\n`);
    const result = await runNode([CWL_CLI, '--quiet', ...extra, tool, job], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `toil-cwl-runner: Cannot download the input '${url}': no objects are under this prefix, so there is no ` +
        'folder to import.\n',
    );
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
