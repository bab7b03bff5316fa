/**
 * `toil debug-file` on a kept `aws:` job store on the real S3 server of tooling/start-s3.sh (Ceph radosgw on
 * 127.0.0.1): it lists the bucket's objects by key, fetches files by the names the workflow gave them, fetches the
 * whole store keeping its layout (every object, under its key), and refuses --useSymlinks in one line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AwsJobStore } from '@toil/jobstore-aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorLines, runToil, stackFrames, toilRun } from './helpers/cli.js';
import { testS3Env, uniqueStoreName } from './helpers/s3.js';
import { snapshot } from './helpers/store.js';
import { tempDir } from './helpers/temp.js';

const s3 = testS3Env();
const name = uniqueStoreName('debugfile');
const js = `aws:us-east-1:${name}`;
let savedEnv: NodeJS.ProcessEnv;
let listing: string[];

beforeAll(async () => {
  savedEnv = { ...process.env };
  Object.assign(process.env, s3);
  const run = await toilRun('operate.ts', js, 'keepsFiles', [], ['--clean', 'never', '--logLevel', 'WARNING'], {
    env: s3,
  });
  expect(run.code, run.stderr).toBe(0);
});

afterAll(async () => {
  await new AwsJobStore(js).destroy();
  process.env = savedEnv;
});

describe('toil debug-file on an aws: job store (real S3 server)', { timeout: 120_000 }, () => {
  it('lists every object of the bucket by key, sorted, on stdout and in ./jobstore_files.txt', async () => {
    const dir = await tempDir();
    const listed = await runToil(['debug-file', js, '--listFilesInJobStore'], { cwd: dir, env: s3 });
    expect(listed.code, listed.stderr).toBe(0);
    listing = listed.stdout.trimEnd().split('\n');
    expect(listing).toEqual([...listing].sort());
    expect(listing).toContain('shared/config.json');
    for (const file of ['overview.txt', 'reads-1.bam', 'reads-2.bam'])
      expect(listing).toContainEqual(expect.stringMatching(new RegExp(`^files/.+/${file.replace('.', '\\.')}$`)));
    expect(readFileSync(join(dir, 'jobstore_files.txt'), 'utf8')).toBe(listed.stdout);
  });

  it('fetches files by their original names, and the whole store keeping its layout', async () => {
    const dir = await tempDir();
    const out = join(dir, 'fetched');
    const fetched = await runToil(['debug-file', js, '--fetch', 'overview.txt', '*.bam', '--localFilePath', out], {
      env: s3,
    });
    expect(fetched.code, fetched.stderr).toBe(0);
    // Three files, or more if an attempt of the job was retried (its unowned files stay): each is fetched, under
    // its original name when no other file has it, else under the last two parts of its key.
    const wanted = listing.filter((key) => /\/(overview\.txt|[^/]+\.bam)$/.test(key));
    expect(wanted.length).toBeGreaterThanOrEqual(3);
    expect(fetched.stderr).toContain(`Copied ${wanted.length} file(s) into ${out}`);
    for (const key of wanted) {
      const [random, file] = key.split('/').slice(-2) as [string, string];
      const unique = wanted.filter((k) => k.endsWith(`/${file}`)).length === 1;
      expect(readFileSync(join(out, unique ? file : `${random}-${file}`), 'utf8')).toBe(`contents of ${file}`);
    }

    const all = join(dir, 'all');
    const whole = await runToil(['debug-file', js, '--fetchEntireJobStore', '--localFilePath', all], { env: s3 });
    expect(whole.code, whole.stderr).toBe(0);
    const copy = (await snapshot(all)) ?? {};
    expect(Object.keys(copy).sort()).toEqual(listing);
    const bam = listing.find((key) => key.endsWith('/reads-2.bam')) as string;
    expect(readFileSync(join(all, bam), 'utf8')).toBe('contents of reads-2.bam');

    const again = await runToil(['debug-file', js, '--listFilesInJobStore'], { cwd: dir, env: s3 });
    expect(again.stdout.trimEnd().split('\n')).toEqual(listing);
  });

  it('refuses --useSymlinks on a remote store in one line', async () => {
    const dir = await tempDir();
    const link = await runToil(
      ['debug-file', js, '--fetch', '*.bam', '--localFilePath', join(dir, 'l'), '--useSymlinks'],
      { env: s3 },
    );
    expect(link.code).toBe(1);
    expect(stackFrames(link.stderr)).toEqual([]);
    expect(errorLines(link.stderr)).toEqual([
      `toil: --useSymlinks links to the files of a local job store; ${js} is remote, so drop --useSymlinks to copy its files.`,
    ]);
  });
});
