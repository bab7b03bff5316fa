import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LoadError } from '../errors.js';
import type { JobStore } from '../jobstore/jobstore.js';
import type { WorkflowConfig } from '../options/config.js';
import { cachingEnabled, FILESTORE_MODULE_ENV, openFileStoreProvider } from './provider.js';

/** The seam through which workers load the caching file store: real module files, imported by URL. */
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'toil-provider-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('file store implementation seam', () => {
  it("follows the leader's decision in the environment, and an explicit --disableCaching false", () => {
    const config = (disableCaching: boolean | undefined) => ({ disableCaching }) as WorkflowConfig;
    const on = { [FILESTORE_MODULE_ENV]: 'file:///x/index.js' };
    const off = { [FILESTORE_MODULE_ENV]: '' };
    expect(cachingEnabled(config(undefined), on)).toBe(true);
    expect(cachingEnabled(config(undefined), off)).toBe(false);
    expect(cachingEnabled(config(undefined), {})).toBe(false);
    expect(cachingEnabled(config(true), on)).toBe(false);
    // Without the variable this worker was not started by the leader: it opens the cache and says what is missing.
    expect(cachingEnabled(config(false), {})).toBe(true);
  });

  it("opens the module's implementation with the worker's runtime and returns its provider", async () => {
    const module = join(dir, 'impl.mjs');
    await writeFile(
      module,
      `export const fileStoreImplementation = {
        async open(runtime) { return { create: (job) => ({ dir: runtime.localWorkflowDir, job: job.jobId }) }; },
      };`,
    );
    const runtime = { store: {} as JobStore, config: {} as WorkflowConfig, localWorkflowDir: '/node/toil-wf' };
    const provider = await openFileStoreProvider(pathToFileURL(module).href, runtime);
    const made = provider.create({ jobId: 'j1' } as Parameters<typeof provider.create>[0]) as unknown;
    expect(made).toEqual({ dir: '/node/toil-wf', job: 'j1' });
    // A plain path works as well as a file: URL.
    const again = await openFileStoreProvider(module, runtime);
    expect(again.create({ jobId: 'j2' } as Parameters<typeof provider.create>[0]) as unknown).toEqual({
      dir: '/node/toil-wf',
      job: 'j2',
    });
  });

  it('refuses a module without an implementation, in one line naming it', async () => {
    const module = join(dir, 'empty.mjs');
    await writeFile(module, 'export const something = 1;\n');
    const opening = openFileStoreProvider(module, {
      store: {} as JobStore,
      config: {} as WorkflowConfig,
      localWorkflowDir: dir,
    });
    await expect(opening).rejects.toBeInstanceOf(LoadError);
    await expect(opening).rejects.toThrow(`The module ${module} exports no 'fileStoreImplementation'`);
  });
});
