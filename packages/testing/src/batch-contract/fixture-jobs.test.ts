import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deployWorkflow } from '@toil/core/internal';
import { describe, expect, it } from 'vitest';
import { testConfig } from '../config.js';
import { MemoryJobStore } from '../memory/memory-job-store.js';
import { batchContractFixturePath, fixtureJobs } from './fixture-jobs.js';

const packageRoot = dirname(dirname(batchContractFixturePath()));

describe('batch contract fixture workflow', () => {
  it('compiles, deploys, and registers every job the suite issues', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fixture-test-'));
    try {
      const store = new MemoryJobStore();
      await store.initialize(testConfig({ jobStore: store.locator }));
      const record = await deployWorkflow(store, batchContractFixturePath(), {
        disableAutoDeployment: false,
        cacheDir: dir,
      });
      expect(record.mode).toBe('bundle');
      const names = Object.values(fixtureJobs).map((make) => (make as (...args: never[]) => { name: string })().name);
      for (const name of names) expect(record.jobNames).toContain(name);
      await store.destroy();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('is shipped with the package and found from the built dist/index.js as well as from src', async () => {
    const manifest = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as {
      name: string;
      files: string[];
    };
    expect(manifest.name).toBe('@toil/testing');
    expect(manifest.files).toContain('fixtures/*.ts');
    expect(batchContractFixturePath()).toBe(join(packageRoot, 'fixtures', 'batch-jobs.ts'));
    // Backends import the built package; turbo builds it before this package's tests run.
    const dist = join(packageRoot, 'dist', 'index.js');
    expect(existsSync(dist), 'build @toil/testing first (tsup)').toBe(true);
    const built = (await import(pathToFileURL(dist).href)) as { batchContractFixturePath: () => string };
    expect(built.batchContractFixturePath()).toBe(batchContractFixturePath());
  });
});
