/**
 * `toil-worker <locator> <jobId>`: the command line HPC batch systems submit. It runs one job (and what it chains)
 * in a fresh process against a real file job store, exits 0 once the job has committed, and 1 with the job's log
 * stored on it when the job fails.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { getDefaultConfig } from '@toil/core';
import { decodeEnvelope, SharedFiles, type JobStore } from '@toil/core/backend';
import { deployWorkflow, JOBSTORE_PLUGIN_ENV, workerEntryPath, saveRootJob } from '@toil/core/internal';
import { plugin as fileStore } from '@toil/jobstore-file';
import { fixture } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

const run = promisify(execFile);

/** A file job store holding the deployed fixture workflow and one job `name(...args)` whose value goes to a file. */
async function storeWithJob(
  dir: string,
  name: string,
  args: unknown[],
): Promise<{ store: JobStore; jobId: string; valueFile: string }> {
  const locator = `file:${join(dir, 'js')}`;
  const store = fileStore.create(locator);
  const config = { ...getDefaultConfig(locator), workflowId: 'worker-test', workDir: dir };
  await store.initialize(config);
  await deployWorkflow(store, fixture('retries.ts'), { disableAutoDeployment: false, cacheDir: join(dir, 'bundles') });
  // The job needs no definition here: workers find it by name in the deployed fixture.
  const jobId = await saveRootJob(store, config, { name, requirements: {} }, args);
  const valueFile = (
    JSON.parse((await store.readSharedFile(SharedFiles.rootReturnValue))!.toString()) as { fileId: string }
  ).fileId;
  return { store, jobId, valueFile };
}

function worker(store: JobStore, jobId: string) {
  return run(process.execPath, [workerEntryPath(), store.locator, jobId], {
    env: { ...process.env, [JOBSTORE_PLUGIN_ENV]: fileStore.moduleUrl },
  }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
}

describe('toil-worker', () => {
  it('runs a job in a fresh process and commits it: value written, job gone', async () => {
    const dir = await tempDir();
    const { store, jobId, valueFile } = await storeWithJob(dir, 'retry.ok', ['from the worker']);
    const result = await worker(store, jobId);
    expect(result.code, result.stderr).toBe(0);
    expect(decodeEnvelope((await store.readFileBytes(valueFile)).toString())).toBe('ok: from the worker');
    expect(await store.jobExists(jobId)).toBe(false);
  });

  it('exits 1 for a failing job and leaves its log on the job for the leader', async () => {
    const dir = await tempDir();
    const { store, jobId } = await storeWithJob(dir, 'retry.alwaysFails', []);
    const result = await worker(store, jobId);
    expect(result.code).toBe(1);
    const job = await store.load(jobId);
    expect(job.done).toBe(false);
    expect(job.logFileId).toBeDefined();
    expect((await store.readFileBytes(job.logFileId!)).toString()).toMatch(/always fails/);
  });

  it('prints its usage and exits 2 without arguments', async () => {
    const result = await run(process.execPath, [workerEntryPath()]).catch((e: { code: number; stderr: string }) => e);
    expect(result).toMatchObject({ code: 2, stderr: 'usage: toil-worker <jobStoreLocator> <jobStoreID>\n' });
  });
});
