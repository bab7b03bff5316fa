/**
 * The bundle caches are code that Toil imports, so nobody else may be able to change them: `toil run`'s per-user
 * cache under $TMPDIR is created 0700 and refused when another user owns it or it is group/world-writable, and
 * every bundle is checked against its sha256 before it is imported, whether it comes from a cache file (the
 * CLI's, or a worker's under the work dir) or from the job store.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, chmod, chown, mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { getDefaultConfig } from '@toil/core';
import { SharedFiles, type JobStore } from '@toil/core/backend';
import { deployWorkflow, JOBSTORE_PLUGIN_ENV, workerEntryPath, saveRootJob } from '@toil/core/internal';
import { plugin as fileStore } from '@toil/jobstore-file';
import { errorLines, fixture, stackFrames, toilRun } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

const run = promisify(execFile);
const uid = process.getuid!();

/** Every `workflow-*.mjs` file under `dir`, at any depth. */
async function bundleFiles(dir: string): Promise<string[]> {
  const names = (await readdir(dir, { recursive: true })).map(String);
  return names.filter((n) => /workflow-[0-9a-f]{16}\.mjs$/.test(n)).map((n) => join(dir, n));
}

/** Code that, once imported, proves it ran by creating `marker`. */
function payload(marker: string): string {
  return `\n;(await import('node:fs')).writeFileSync(${JSON.stringify(marker)}, 'ran');\n`;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe("toil run's bundle cache", () => {
  it('does not import a cache file that was changed after it was written: it says so and replaces it', async () => {
    const dir = await tempDir();
    const tmp = join(dir, 'tmp');
    await mkdir(tmp);
    const env = { TMPDIR: tmp };
    const first = await toilRun('workflows.ts', join(dir, 'js1'), 'hello', ['a'], [], { env });
    expect(first.code, first.stderr).toBe(0);
    // The cache is the user's own directory, 0700, and its file is named by the sha256 of the code it holds.
    const cacheDir = join(tmp, `toil-bundles-${uid}`);
    expect((await stat(cacheDir)).mode & 0o777).toBe(0o700);
    const [cached] = await bundleFiles(tmp);
    expect(cached.startsWith(cacheDir)).toBe(true);
    const code = await readFile(cached, 'utf8');
    expect(cached).toContain(`workflow-${sha256(code).slice(0, 16)}.mjs`);

    const marker = join(dir, 'pwned');
    await appendFile(cached, payload(marker));
    const second = await toilRun('workflows.ts', join(dir, 'js2'), 'hello', ['b'], [], { env });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toBe('"Hello, b!"\n');
    expect(existsSync(marker)).toBe(false);
    expect(second.stderr).toContain(`The cached workflow bundle ${cached} does not match its sha256`);
    // Replaced by the real bundle, so the next run finds it intact.
    expect(await readFile(cached, 'utf8')).toBe(code);
  });

  it('refuses a cache directory that group or others can write, in one line naming it, its mode and the fix', async () => {
    const dir = await tempDir();
    const cacheDir = join(dir, `toil-bundles-${uid}`);
    await mkdir(cacheDir);
    await chmod(cacheDir, 0o777);
    const result = await toilRun('workflows.ts', join(dir, 'js'), 'hello', ['a'], [], { env: { TMPDIR: dir } });
    expect(result.code).toBe(1);
    expect(stackFrames(result.stderr)).toEqual([]);
    expect(errorLines(result.stderr)).toEqual([
      `toil: The bundle cache directory ${cacheDir} is unsafe: it has mode 0777 (owner uid ${uid}), but Toil imports code from it, so it must belong to you (uid ${uid}) and not be writable by group or others. Remove it (rm -r '${cacheDir}'), or set TMPDIR (or --workDir) to a directory of your own.`,
    ]);
    expect(existsSync(join(dir, 'js'))).toBe(false);
  });

  // chown to another user needs root (this project's test machines run as root).
  it.runIf(uid === 0)('refuses a cache directory owned by another user', async () => {
    const dir = await tempDir();
    const cacheDir = join(dir, `toil-bundles-${uid}`);
    await mkdir(cacheDir, { mode: 0o700 });
    await chown(cacheDir, 65534, 65534);
    const result = await toilRun('workflows.ts', join(dir, 'js'), 'hello', ['a'], [], { env: { TMPDIR: dir } });
    expect(result.code).toBe(1);
    expect(stackFrames(result.stderr)).toEqual([]);
    expect(errorLines(result.stderr)).toEqual([
      expect.stringContaining(
        `toil: The bundle cache directory ${cacheDir} is unsafe: it has mode 0700 (owner uid 65534)`,
      ),
    ]);
    expect(await readdir(cacheDir)).toEqual([]);
  });
});

/** A file job store holding the deployed `retries.ts` fixture and one `retry.ok` job, for a `toil-worker` to run. */
async function storeWithJob(dir: string): Promise<{ store: JobStore; jobId: string }> {
  const locator = `file:${join(dir, 'js')}`;
  const store = fileStore.create(locator);
  const config = { ...getDefaultConfig(locator), workflowId: 'cache-test', workDir: dir };
  await store.initialize(config);
  await deployWorkflow(store, fixture('retries.ts'), {
    disableAutoDeployment: false,
    cacheDir: join(dir, 'leader-bundles'),
  });
  const jobId = await saveRootJob(store, config, { name: 'retry.ok', requirements: {} }, ['x']);
  return { store, jobId };
}

function worker(store: JobStore, jobId: string) {
  return run(process.execPath, [workerEntryPath(), store.locator, jobId], {
    env: { ...process.env, [JOBSTORE_PLUGIN_ENV]: fileStore.moduleUrl },
  }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
}

describe("a worker's bundle", () => {
  it('is refused when the copy in the job store does not match the recorded sha256', async () => {
    const dir = await tempDir();
    const { store, jobId } = await storeWithJob(dir);
    const record = JSON.parse((await store.readSharedFile(SharedFiles.userModule))!.toString()) as { hash: string };
    const [stored] = await bundleFiles(join(dir, 'js'));
    const marker = join(dir, 'pwned');
    await appendFile(stored, payload(marker));

    const result = await worker(store, jobId);
    expect(result.code).toBe(1);
    expect(existsSync(marker)).toBe(false);
    expect(result.stderr).toContain(`does not match the sha256 recorded for it (${record.hash})`);
    expect(await store.jobExists(jobId)).toBe(true);
  });

  it('is not imported from the work-dir cache when that file was changed: the job runs the real code', async () => {
    const dir = await tempDir();
    const { store, jobId } = await storeWithJob(dir);
    // Fill the worker's cache (<workDir>/toil-<workflowId>/bundles) as a first worker would, then tamper with it.
    const cacheDir = join(dir, 'toil-cache-test', 'bundles');
    const first = await worker(store, jobId);
    expect(first.code, first.stderr).toBe(0);
    expect((await stat(cacheDir)).mode & 0o777).toBe(0o700);
    const [cached] = await bundleFiles(cacheDir);
    const marker = join(dir, 'pwned');
    await appendFile(cached, payload(marker));

    const again = await saveRootJob(store, { ...(await store.resume()) }, { name: 'retry.ok', requirements: {} }, [
      'y',
    ]);
    const second = await worker(store, again);
    expect(second.code, second.stderr).toBe(0);
    expect(existsSync(marker)).toBe(false);
    expect(second.stderr).toContain(`The cached workflow bundle ${cached} does not match its sha256`);
    expect(await store.jobExists(again)).toBe(false);
  });
});
