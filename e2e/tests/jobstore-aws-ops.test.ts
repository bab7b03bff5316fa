/**
 * An `aws:` job store against the real S3 server of tooling/start-s3.sh (Ceph radosgw on 127.0.0.1), for what
 * jobstore-aws.test.ts does not cover: a bucket that belongs to another user of the server (made with
 * radosgw-admin on the running cluster) is refused in one line and nothing in it changes; and `toil debug-job`
 * reruns a job of a failed workflow against a scratch copy, leaving every object of the bucket as it was.
 * Buckets are read back with radosgw-admin (the server's own view, whoever owns them), not through the store.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AwsJobStore } from '@toil/jobstore-aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorLines, fixture, runToil, stackFrames, toilRun } from './helpers/cli.js';
import { testS3Env, uniqueStoreName } from './helpers/s3.js';

const run = promisify(execFile);
const s3 = testS3Env();
const conf = join(process.env.TOIL_S3_DIR ?? `/tmp/toil-s3-${userInfo().uid}`, 'ceph.conf');
const otherUser = `toil-other-${randomBytes(4).toString('hex')}`;
let other: Record<string, string>;
let savedEnv: NodeJS.ProcessEnv;
const created: string[] = [];

/** radosgw-admin on the running test cluster, its JSON answer parsed. */
async function radosgwAdmin(...args: string[]): Promise<unknown> {
  const { stdout } = await run('radosgw-admin', ['-c', conf, ...args], { maxBuffer: 64 * 2 ** 20 });
  return stdout.trim() === '' ? undefined : (JSON.parse(stdout) as unknown);
}

/** Every object of a job store's bucket with its ETag, modification time and owner, as the server sees them. */
async function bucketObjects(locator: string): Promise<Map<string, string>> {
  const bucket = `${locator.split(':')[2]}--toil`;
  const list = (await radosgwAdmin('bucket', 'list', `--bucket=${bucket}`, '--max-entries=100000')) as {
    name: string;
    meta: { etag: string; mtime: string; owner: string };
  }[];
  return new Map(list.map((o) => [o.name, `${o.meta.etag} ${o.meta.mtime} ${o.meta.owner}`]));
}

beforeAll(async () => {
  // A second user of the same server, with its own fresh keys (never printed).
  const access = randomBytes(10).toString('hex').toUpperCase();
  const secret = randomBytes(30).toString('base64url');
  await radosgwAdmin(
    'user',
    'create',
    `--uid=${otherUser}`,
    '--display-name=toil e2e other user',
    `--access-key=${access}`,
    `--secret=${secret}`,
  );
  other = { ...s3, AWS_ACCESS_KEY_ID: access, AWS_SECRET_ACCESS_KEY: secret };
  savedEnv = { ...process.env };
  Object.assign(process.env, s3);
});

afterAll(async () => {
  for (const name of created) await new AwsJobStore(name).destroy();
  process.env = savedEnv;
  // --purge-data removes the other user's buckets with it.
  await radosgwAdmin('user', 'rm', `--uid=${otherUser}`, '--purge-data');
});

describe('an aws: job store whose bucket belongs to another user', () => {
  it('is refused in one line saying so, and nothing in the bucket changes', async () => {
    const js = `aws:us-east-1:${uniqueStoreName('foreign')}`;
    // The other user's workflow, kept (--clean never): a whole job store in the bucket '<name>--toil'.
    const theirs = await toilRun('workflows.ts', js, 'fanout', [3], ['--clean', 'never', '--logLevel', 'WARNING'], {
      env: other,
    });
    expect(theirs.code, theirs.stderr).toBe(0);
    const before = await bucketObjects(js);
    expect(before.size).toBeGreaterThan(0);
    expect([...before.values()].every((v) => v.endsWith(` ${otherUser}`))).toBe(true);

    const ours = await toilRun('workflows.ts', js, 'fanout', [3], [], { env: s3 });
    expect(ours.code, ours.stderr).toBe(1);
    expect(stackFrames(ours.stderr)).toEqual([]);
    expect(errorLines(ours.stderr)).toEqual([
      `toil: The S3 bucket '${js.split(':')[2]}--toil' cannot be used: it belongs to another account (bucket names are global on S3); choose another job store name.`,
    ]);
    // --restart and toil status cannot read it either: refused access, in one line each.
    for (const args of [
      ['run', fixture('workflows.ts'), js, '--restart'],
      ['status', js],
    ]) {
      const refused = await runToil(args, { env: s3 });
      expect(refused.code, refused.stderr).toBe(1);
      expect(errorLines(refused.stderr)).toHaveLength(1);
      expect(errorLines(refused.stderr)[0]).toContain('S3 refused access to the bucket');
      expect(stackFrames(refused.stderr)).toEqual([]);
    }
    expect(await bucketObjects(js)).toEqual(before);
  });
});

describe('toil debug-job on an aws: job store', () => {
  it('reruns a job against a scratch copy: its log and return value, and the bucket is left exactly as it was', async () => {
    const js = `aws:us-east-1:${uniqueStoreName('debug')}`;
    created.push(js);
    // ops.broken fails for good, so its sibling follow-on ops.busy never runs: both wait in the store.
    const failed = await toilRun('operate.ts', js, 'debugMe', [], ['--logLevel', 'CRITICAL'], { env: s3 });
    expect(failed.code).toBe(1);
    const before = await bucketObjects(js);
    expect(before.size).toBeGreaterThan(0);
    const result = await runToil(['debug-job', js, 'ops.busy'], { env: s3 });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/INFO ops\.busy job\w+: busy with some text/);
    expect(result.stderr).toContain(`against a scratch copy of ${js} (the job store itself is not changed)`);
    expect(result.stderr).toMatch(/Job 'ops\.busy' \S+ ran in \d+\.\d\d s\. It added 2 job\(s\)/);
    expect(JSON.parse(result.stdout)).toMatchObject({ file: { $t: 'FileID', size: 9 }, length: 9 });
    expect(await bucketObjects(js)).toEqual(before);
  });
});
