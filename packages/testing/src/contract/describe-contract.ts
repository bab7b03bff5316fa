import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobStore } from '@toil/core/backend';
import { afterEach, beforeEach, describe } from 'vitest';
import { testConfig } from '../config.js';
import type { ContractContext, ContractOptions } from './context.js';
import { describeFiles } from './files.js';
import { describeJobs } from './jobs.js';
import { describeLifecycle } from './lifecycle.js';
import { describeSharedAndStats } from './shared-stats.js';
import { describeStatsChannelFaults } from './stats-channel.js';
import { describeUrls } from './urls.js';

/**
 * The JobStore contract as a vitest suite: every implementation runs it. `makeStore` returns a new store at a
 * fresh location, not initialized; the suite initializes it and destroys it after each test.
 *
 * @example
 * describeJobStoreContract('FileJobStore', async () => new FileJobStore(`file:${await mkdtemp(...)}/store`));
 */
export function describeJobStoreContract(
  name: string,
  makeStore: () => Promise<JobStore>,
  options: ContractOptions = {},
): void {
  describe(`JobStore contract: ${name}`, () => {
    const extraStores: JobStore[] = [];
    const ctx: ContractContext = {
      store: undefined as unknown as JobStore, // set in beforeEach
      dir: '',
      fresh: async () => {
        const store = await makeStore();
        extraStores.push(store);
        return store;
      },
      reopen: options.reopen,
    };

    beforeEach(async () => {
      ctx.dir = await mkdtemp(join(tmpdir(), 'toil-contract-'));
      ctx.store = await makeStore();
      await ctx.store.initialize(testConfig({ jobStore: ctx.store.locator }));
    });

    afterEach(async () => {
      await ctx.store.destroy();
      for (const store of extraStores.splice(0)) await store.destroy();
      await rm(ctx.dir, { recursive: true, force: true });
    });

    describeLifecycle(ctx);
    describeJobs(ctx);
    describeFiles(ctx);
    describeSharedAndStats(ctx);
    describeStatsChannelFaults(ctx);
    describeUrls(ctx);
  });
}
