/**
 * Whole workflows on an `aws:` job store through the real CLI, against the real S3 server of tooling/start-s3.sh
 * (Ceph radosgw on 127.0.0.1): a fanout, kill -9 of the leader mid-run and --restart, `toil status` and
 * `toil clean`, and user mistakes (wrong credentials, no such store, a server that is down, a region the server
 * does not have, a bad name) as one-line errors that leave no job store behind; and s3:// import/export.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Toil, getDefaultConfig } from '@toil/core';
import { AwsJobStore, s3UrlScheme } from '@toil/jobstore-aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countIndices, crashFixture, startToil, sumOfSquares, taggedProcesses, waitFor } from './crash-helpers.js';
import { apiOptions } from './helpers/api.js';
import { errorLines, runToil, stackFrames, toilRun, type RunResult } from './helpers/cli.js';
import { testS3Env, uniqueStoreName } from './helpers/s3.js';
import { modulesResolvedBy } from './helpers/module-trace.js';
import { tempDir } from './helpers/temp.js';

const s3 = testS3Env();
const created: string[] = [];
let savedEnv: NodeJS.ProcessEnv;

/** A fresh `aws:` locator; its store is destroyed after the file's tests. */
function locator(prefix: string): string {
  const name = `aws:us-east-1:${uniqueStoreName(prefix)}`;
  created.push(name);
  return name;
}

/** Whether a store exists, asked with the test server's good credentials. */
async function storeExists(name: string): Promise<boolean> {
  return new AwsJobStore(name).exists();
}

/** A user mistake: exit 1, exactly one `toil:` line, no stack frames; returns that line. */
function oneLineError(result: RunResult): string {
  expect(result.code, result.stderr).toBe(1);
  expect(stackFrames(result.stderr), result.stderr).toEqual([]);
  const lines = errorLines(result.stderr);
  expect(lines, result.stderr).toHaveLength(1);
  return lines[0];
}

beforeAll(() => {
  // The test process itself talks to the server too (storeExists), as the CLI children do through `env`.
  savedEnv = { ...process.env };
  Object.assign(process.env, s3);
});

afterAll(async () => {
  for (const name of created) await new AwsJobStore(name).destroy();
  process.env = savedEnv;
});

describe('toil run on an aws: job store', () => {
  it('runs a fanout of 100 to the right sum, and removes its store on success', async () => {
    const js = locator('fanout');
    const result = await toilRun('workflows.ts', js, 'fanout', [100], ['--logLevel', 'WARNING'], { env: s3 });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(String(sumOfSquares(100)));
    expect(await storeExists(js)).toBe(false);
  });

  it('survives kill -9 of the leader mid-run: --restart finishes with every job done at least once', async () => {
    const n = 300;
    const dir = await tempDir();
    const log = join(dir, 'done.log');
    const js = locator('crash');
    const tag = randomUUID();
    const args = [crashFixture, js, '--job', 'loggedFanout', '--args', JSON.stringify([n, log])];
    const run = startToil([...args, '--logLevel', 'WARNING'], tag);
    // Kill once some children have run and others have not: the store holds a half-done workflow.
    const lines = () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').length - 1 : 0);
    expect(await waitFor(() => lines() >= 40, 60_000), 'children started').toBe(true);
    run.child.kill('SIGKILL');
    await run.ended;
    expect(lines()).toBeLessThan(n);
    expect(await waitFor(() => taggedProcesses(tag).length === 0, 15_000), 'workers of the killed leader exit').toBe(
      true,
    );

    const status = await runToil(['status', js], { env: s3 });
    expect(status.code, status.stderr).toBe(0);
    expect(await storeExists(js)).toBe(true);

    const restarted = await runToil(['run', ...args, '--restart', '--logLevel', 'WARNING'], { env: s3 });
    expect(restarted.code, restarted.stderr).toBe(0);
    expect(restarted.stdout.trim()).toBe(String(sumOfSquares(n)));
    expect(countIndices(readFileSync(log, 'utf8'), n).every((c) => c >= 1)).toBe(true);
    expect(await storeExists(js)).toBe(false);
  });

  it('toil status, stats and kill read a kept store, toil clean deletes it, and status then says it is gone', async () => {
    const js = locator('ops');
    const run = await toilRun(
      'workflows.ts',
      js,
      'fanout',
      [5],
      ['--clean', 'never', '--stats', '--logLevel', 'WARNING'],
      { env: s3 },
    );
    expect(run.stdout.trim()).toBe('30');
    const status = await runToil(['status', js], { env: s3 });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain('completed successfully');
    const stats = await runToil(['stats', js], { env: s3 });
    expect(stats.code, stats.stderr).toBe(0);
    expect(stats.stdout).toContain('Batch System: single_machine');
    expect(stats.stdout).toMatch(/^ square$/m);
    expect(oneLineError(await runToil(['kill', js], { env: s3 }))).toBe(
      `toil: Nothing to kill: The workflow in ${js} has COMPLETED: its root job is gone, so every job finished.`,
    );
    const clean = await runToil(['clean', js], { env: s3 });
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stdout + clean.stderr).toContain(`Deleted the job store ${js}`);
    expect(await storeExists(js)).toBe(false);
    const after = oneLineError(await runToil(['status', js], { env: s3 }));
    expect(after).toContain(`The job store '${js}' does not exist`);
  });
});

describe('bad input on an aws: job store: one line, no store left behind', () => {
  it('wrong credentials', async () => {
    const js = locator('badkey');
    const env = { ...s3, AWS_SECRET_ACCESS_KEY: 'not-the-secret' };
    const line = oneLineError(await toilRun('workflows.ts', js, 'fanout', [3], [], { env }));
    expect(line).toContain('S3 refused access');
    expect(line).toContain('Check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY');
    expect(await storeExists(js)).toBe(false);
  });

  it('--restart of a store that does not exist', async () => {
    const js = locator('missing');
    const line = oneLineError(await toilRun('workflows.ts', js, 'fanout', [3], ['--restart'], { env: s3 }));
    expect(line).toBe(
      `toil: The job store '${js}' does not exist, so there is nothing to restart. Check the path, or drop --restart to start a new workflow.`,
    );
    expect(await storeExists(js)).toBe(false);
  });

  it('a server that is down', async () => {
    const js = locator('down');
    const env = { ...s3, TOIL_S3_PORT: '1' };
    const line = oneLineError(await toilRun('workflows.ts', js, 'fanout', [3], [], { env }));
    expect(line).toContain('Cannot reach the S3 server at http://127.0.0.1:1 (ECONNREFUSED)');
    expect(await storeExists(js)).toBe(false);
  });

  it('a region the server does not have', async () => {
    const js = `aws:eu-west-1:${uniqueStoreName('region')}`;
    created.push(js);
    const line = oneLineError(await toilRun('workflows.ts', js, 'fanout', [3], [], { env: s3 }));
    expect(line).toContain("does not have the locator's region (InvalidLocationConstraint)");
  });

  it('a name S3 cannot take, quoted with the rule', async () => {
    const line = oneLineError(await toilRun('workflows.ts', 'aws:us-east-1:My_Store', 'fanout', [3], [], { env: s3 }));
    expect(line).toContain("Invalid job store locator 'aws:us-east-1:My_Store'");
    expect(line).toContain('lower-case letters, digits and dashes');
  });
});

describe('s3:// URLs for importFile and exportFile on any job store (the s3 URL-scheme plugin)', () => {
  it('Toil.importFile reads an s3:// object into a file: store, and exportFile writes one back', async () => {
    const dir = await tempDir();
    // A bucket to hold the objects: an aws: store's own, destroyed with it after the file's tests.
    const bucketStore = new AwsJobStore(locator('urls'));
    await bucketStore.initialize(getDefaultConfig(bucketStore.locator));
    const bucket = `${bucketStore.locator.split(':')[2]}--toil`;
    const s3Urls = await s3UrlScheme.load();
    await writeFile(join(dir, 'in.txt'), 'an object in S3');
    await s3Urls.upload(join(dir, 'in.txt'), `s3://${bucket}/inputs/in.txt`);

    await using toil = await Toil.open(apiOptions(dir, 'workflows.ts'));
    const id = await toil.importFile(`s3://${bucket}/inputs/in.txt`);
    expect(id.size).toBe('an object in S3'.length);
    await toil.exportFile(id, `s3://${bucket}/outputs/copy.txt`);
    await s3Urls.download(`s3://${bucket}/outputs/copy.txt`, join(dir, 'copy.txt'));
    expect(await readFile(join(dir, 'copy.txt'), 'utf8')).toBe('an object in S3');
    await expect(toil.importFile(`s3://${bucket}/inputs/missing.txt`)).rejects.toThrow('missing.txt');
  });
});

describe('the AWS SDK loads only when an aws: store is used', () => {
  it('importing the plugin module and opening a store load no @aws-sdk module; the first operation does', async () => {
    const pkg = createRequire(import.meta.url).resolve('@toil/jobstore-aws');
    const script = (operate: boolean) =>
      `const { plugin } = await import(${JSON.stringify(pkg)}); const store = plugin.create('aws:us-east-1:lazy-check');` +
      (operate ? ' await store.exists();' : '');
    const sdkLoads = async (operate: boolean) => {
      const urls = await modulesResolvedBy(script(operate), s3);
      expect(urls.some((u) => u.includes('jobstore-aws'))).toBe(true);
      return urls.filter((u) => u.includes('@aws-sdk')).length;
    };
    expect(await sdkLoads(false)).toBe(0);
    expect(await sdkLoads(true)).toBeGreaterThan(0);
  });
});

describe('--sseKey on an aws: job store', () => {
  it('runs a workflow whose files are encrypted with the key (workers read it from the config)', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'sse.key'), 's'.repeat(32), { mode: 0o600 });
    const js = locator('sse');
    const run = await toilRun(
      'workflows.ts',
      js,
      'fanout',
      [20],
      ['--sseKey', join(dir, 'sse.key'), '--clean', 'never', '--logLevel', 'WARNING'],
      { env: s3 },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe(String(sumOfSquares(20)));
    // The root's return value is kept in a job-store file, named by a shared file: S3 refuses it without the key.
    const pointer = (await new AwsJobStore(js).readSharedFile('rootJobReturnValue'))?.toString() ?? '{}';
    const { fileId } = JSON.parse(pointer) as { fileId: string };
    await expect(new AwsJobStore(js).readFileBytes(fileId)).rejects.toMatchObject({ code: 'SSE_KEY_MISMATCH' });
    const keyed = new AwsJobStore(js);
    expect((await keyed.resume()).sseKey).toBe(join(dir, 'sse.key'));
    expect((await keyed.readFileBytes(fileId)).length).toBeGreaterThan(0);
  });

  it('a key file that is not 32 characters is one line naming it, and no store is left', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'short.key'), 'too short');
    const js = locator('ssebad');
    const line = oneLineError(
      await toilRun('workflows.ts', js, 'fanout', [3], ['--sseKey', join(dir, 'short.key')], { env: s3 }),
    );
    expect(line).toBe(
      `toil: Invalid --sseKey file '${join(dir, 'short.key')}': it holds 9 bytes; SSE-C needs a file holding a key of exactly 32 characters.`,
    );
    expect(await storeExists(js)).toBe(false);
  });
});
