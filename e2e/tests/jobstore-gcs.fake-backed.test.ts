/**
 * Whole workflows on a `google:` job store through the real CLI, against the in-process fake of the GCS JSON API
 * that @toil/jobstore-gcs ships for tests (fake-backed: no GCS emulator exists here), started by this file. The
 * CLI and its workers reach it through TOIL_GCS_ENDPOINT, with bearer tokens from external_account credentials:
 * a fanout, kill -9 of the leader mid-run and --restart, `toil status`, `stats`, `kill`, `debug-job` and `clean`,
 * user mistakes as one-line errors, `--sseKey`, and gs:// import/export on a file: store.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Toil } from '@toil/core';
import { GcsJobStore, gsUrlScheme } from '@toil/jobstore-gcs';
import { FakeGcsServer, writeFakeCredentials } from '@toil/jobstore-gcs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countIndices, crashFixture, startToil, sumOfSquares, taggedProcesses, waitFor } from './crash-helpers.js';
import { apiOptions } from './helpers/api.js';
import { errorLines, runToil, stackFrames, toilRun, type RunResult } from './helpers/cli.js';
import { uniqueStoreName } from './helpers/s3.js';
import { modulesResolvedBy } from './helpers/module-trace.js';
import { tempDir } from './helpers/temp.js';

const fake = new FakeGcsServer({ tokens: ['e2e-token'] });
let env: Record<string, string>;
let wrongCredentials: string;
let savedEnv: NodeJS.ProcessEnv;

/** A fresh `google:` locator. */
function locator(prefix: string): string {
  return `google:toil-e2e-project:${uniqueStoreName(prefix)}`;
}

/** Whether a store exists, asked with good credentials. */
async function storeExists(name: string): Promise<boolean> {
  return new GcsJobStore(name).exists();
}

/** A user mistake: exit 1, exactly one `toil:` line, no stack frames; returns that line. */
function oneLineError(result: RunResult): string {
  expect(result.code, result.stderr).toBe(1);
  expect(stackFrames(result.stderr), result.stderr).toEqual([]);
  const lines = errorLines(result.stderr);
  expect(lines, result.stderr).toHaveLength(1);
  return lines[0];
}

beforeAll(async () => {
  const url = await fake.start();
  env = { TOIL_GCS_ENDPOINT: url, GOOGLE_APPLICATION_CREDENTIALS: await writeFakeCredentials(url, 'e2e-token') };
  wrongCredentials = await writeFakeCredentials(url, 'not-a-token');
  // The test process talks to the fake too (storeExists), as the CLI children do through `env`.
  savedEnv = { ...process.env };
  Object.assign(process.env, env);
});

afterAll(async () => {
  process.env = savedEnv;
  await fake.stop();
  await rm(dirname(env.GOOGLE_APPLICATION_CREDENTIALS), { recursive: true, force: true });
  await rm(dirname(wrongCredentials), { recursive: true, force: true });
});

describe('toil run on a google: job store, fake-backed', () => {
  it('runs a fanout of 50 to the right sum, and removes its bucket on success', async () => {
    const js = locator('fanout');
    const result = await toilRun('workflows.ts', js, 'fanout', [50], ['--logLevel', 'WARNING'], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(String(sumOfSquares(50)));
    expect(await storeExists(js)).toBe(false);
    expect([...fake.buckets.keys()].some((b) => js.endsWith(b.replace(/--toil$/, '')))).toBe(false);
  });

  it('survives kill -9 of the leader mid-run: --restart finishes with every job done at least once', async () => {
    const n = 150;
    const dir = await tempDir();
    const log = join(dir, 'done.log');
    const js = locator('crash');
    const tag = randomUUID();
    const args = [crashFixture, js, '--job', 'loggedFanout', '--args', JSON.stringify([n, log])];
    Object.assign(process.env, env); // startToil passes this process's environment on
    const run = startToil([...args, '--logLevel', 'WARNING'], tag);
    const lines = () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').length - 1 : 0);
    expect(await waitFor(() => lines() >= 20, 60_000), 'children started').toBe(true);
    run.child.kill('SIGKILL');
    await run.ended;
    expect(lines()).toBeLessThan(n);
    expect(await waitFor(() => taggedProcesses(tag).length === 0, 15_000), 'workers of the killed leader exit').toBe(
      true,
    );
    const status = await runToil(['status', js], { env });
    expect(status.code, status.stderr).toBe(0);
    expect(await storeExists(js)).toBe(true);

    const restarted = await runToil(['run', ...args, '--restart', '--logLevel', 'WARNING'], { env });
    expect(restarted.code, restarted.stderr).toBe(0);
    expect(restarted.stdout.trim()).toBe(String(sumOfSquares(n)));
    expect(countIndices(readFileSync(log, 'utf8'), n).every((c) => c >= 1)).toBe(true);
    expect(await storeExists(js)).toBe(false);
  });

  it('toil status, stats, kill and clean work on a kept store', async () => {
    const js = locator('ops');
    const run = await toilRun(
      'workflows.ts',
      js,
      'fanout',
      [5],
      ['--clean', 'never', '--stats', '--logLevel', 'WARNING'],
      {
        env,
      },
    );
    expect(run.stdout.trim()).toBe('30');
    const status = await runToil(['status', js], { env });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain('completed successfully');
    const stats = await runToil(['stats', js], { env });
    expect(stats.code, stats.stderr).toBe(0);
    expect(stats.stdout).toMatch(/square/);
    const kill = await runToil(['kill', js], { env });
    expect(kill.stdout + kill.stderr).not.toMatch(/^\s+at /m);
    const clean = await runToil(['clean', js], { env });
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stdout + clean.stderr).toContain(`Deleted the job store ${js}`);
    expect(await storeExists(js)).toBe(false);
    const after = oneLineError(await runToil(['status', js], { env }));
    expect(after).toContain(`The job store '${js}' does not exist`);
  });
});

describe('toil debug-job on a google: job store, fake-backed', () => {
  it('reruns a job against a scratch copy: its log and return value, and the bucket is left exactly as it was', async () => {
    const js = locator('debug');
    // ops.broken fails for good, so its sibling follow-on ops.busy never runs: both wait in the store.
    const run = await toilRun('operate.ts', js, 'debugMe', [], ['--logLevel', 'CRITICAL'], { env });
    expect(run.code).toBe(1);
    const bucket = fake.buckets.get(`${js.split(':')[2]}--toil`);
    const snapshot = () => new Map([...(bucket?.objects ?? new Map()).values()].map((o) => [o.name, o.generation]));
    const before = snapshot();
    expect(before.size).toBeGreaterThan(0);
    const result = await runToil(['debug-job', js, 'ops.busy'], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/INFO ops\.busy job\w+: busy with some text/);
    expect(result.stderr).toContain(`against a scratch copy of ${js} (the job store itself is not changed)`);
    expect(result.stderr).toMatch(/Job 'ops\.busy' \S+ ran in \d+\.\d\d s\. It added 2 job\(s\)/);
    expect(JSON.parse(result.stdout)).toMatchObject({ file: { $t: 'FileID', size: 9 }, length: 9 });
    expect(snapshot()).toEqual(before);
    expect((await runToil(['clean', js], { env })).code).toBe(0);
  });
});

describe('bad input on a google: job store, fake-backed: one line, no bucket left behind', () => {
  it('wrong credentials (the server answers 401)', async () => {
    const js = locator('badcreds');
    const line = oneLineError(
      await toilRun('workflows.ts', js, 'fanout', [3], [], {
        env: { ...env, GOOGLE_APPLICATION_CREDENTIALS: wrongCredentials },
      }),
    );
    expect(line).toContain('Google Cloud Storage refused access');
    expect(line).toContain('(HTTP 401 authError). Check GOOGLE_APPLICATION_CREDENTIALS');
    expect(await storeExists(js)).toBe(false);
  });

  it('--restart of a store whose bucket does not exist', async () => {
    const js = locator('missing');
    const line = oneLineError(await toilRun('workflows.ts', js, 'fanout', [3], ['--restart'], { env }));
    expect(line).toBe(
      `toil: The job store '${js}' does not exist, so there is nothing to restart. Check the path, or drop --restart to start a new workflow.`,
    );
  });

  it('a malformed locator, quoted with the rule', async () => {
    const line = oneLineError(await toilRun('workflows.ts', 'google:my-project:My_Store', 'fanout', [3], [], { env }));
    expect(line).toContain("Invalid job store locator 'google:my-project:My_Store'");
    expect(line).toContain('lower-case letters, digits, dashes and underscores');
  });

  it('a short --sseKey file, quoted with what works', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'short.key'), 'too short');
    const js = locator('shortkey');
    const line = oneLineError(
      await toilRun('workflows.ts', js, 'fanout', [3], ['--sseKey', join(dir, 'short.key')], { env }),
    );
    expect(line).toBe(
      `toil: Invalid --sseKey file '${join(dir, 'short.key')}': it holds 9 bytes; a customer-supplied encryption key for GCS is a file holding exactly 32 bytes (AES-256).`,
    );
    expect(await storeExists(js)).toBe(false);
  });
});

describe('--sseKey on a google: job store, fake-backed', () => {
  it('runs a workflow whose files are encrypted with the key (workers read it from the config)', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'csek.key'), 'c'.repeat(32), { mode: 0o600 });
    const js = locator('csek');
    const run = await toilRun(
      'workflows.ts',
      js,
      'fanout',
      [10],
      ['--sseKey', join(dir, 'csek.key'), '--clean', 'never', '--logLevel', 'WARNING'],
      { env },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe(String(sumOfSquares(10)));
    const pointer = (await new GcsJobStore(js).readSharedFile('rootJobReturnValue'))?.toString() ?? '{}';
    const { fileId } = JSON.parse(pointer) as { fileId: string };
    await expect(new GcsJobStore(js).readFileBytes(fileId)).rejects.toMatchObject({ code: 'GCS_KEY_MISMATCH' });
    const keyed = new GcsJobStore(js);
    expect((await keyed.resume()).sseKey).toBe(join(dir, 'csek.key'));
    expect((await keyed.readFileBytes(fileId)).length).toBeGreaterThan(0);
    await keyed.destroy();
  });
});

describe('gs:// URLs for importFile and exportFile on any job store (the gs URL-scheme plugin), fake-backed', () => {
  it('Toil.importFile reads a gs:// object into a file: store, and exportFile writes one back', async () => {
    const dir = await tempDir();
    fake.buckets.set('e2e-data', { name: 'e2e-data', project: 'toil-e2e-project', objects: new Map() });
    const gs = await gsUrlScheme.load();
    await writeFile(join(dir, 'in.txt'), 'an object in GCS');
    await gs.upload(join(dir, 'in.txt'), 'gs://e2e-data/inputs/in.txt');

    await using toil = await Toil.open(apiOptions(dir, 'workflows.ts'));
    const id = await toil.importFile('gs://e2e-data/inputs/in.txt');
    expect(id.size).toBe('an object in GCS'.length);
    await toil.exportFile(id, 'gs://e2e-data/outputs/copy.txt');
    await gs.download('gs://e2e-data/outputs/copy.txt', join(dir, 'copy.txt'));
    expect(await readFile(join(dir, 'copy.txt'), 'utf8')).toBe('an object in GCS');
    await expect(toil.importFile('gs://e2e-data/inputs/missing.txt')).rejects.toThrow('missing.txt');
  });
});

describe('the Google SDK loads only when a google: store is used', () => {
  it('importing the plugin module and opening a store load no @google-cloud module; the first operation does', async () => {
    const pkg = createRequire(import.meta.url).resolve('@toil/jobstore-gcs');
    const script = (operate: boolean) =>
      `const { plugin } = await import(${JSON.stringify(pkg)}); const store = plugin.create('google:toil-e2e-project:lazy-check');` +
      (operate ? ' await store.exists();' : '');
    const sdkLoads = async (operate: boolean) => {
      const urls = await modulesResolvedBy(script(operate), env);
      expect(urls.some((u) => u.includes('jobstore-gcs'))).toBe(true);
      return urls.filter((u) => u.includes('@google-cloud')).length;
    };
    expect(await sdkLoads(false)).toBe(0);
    expect(await sdkLoads(true)).toBeGreaterThan(0);
  });
});
