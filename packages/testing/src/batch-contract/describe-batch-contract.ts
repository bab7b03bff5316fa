import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest';
import { describeEnv } from './env.js';
import { BatchContractHarness } from './harness.js';
import { describeKill } from './kill.js';
import { describeListings } from './listings.js';
import { describeResources } from './resources.js';
import { describeResults } from './results.js';
import type { BatchSystemContractSetup } from './setup.js';
import { describeShutdown } from './shutdown.js';
import { describeWaiting } from './waiting.js';

/**
 * The BatchSystem contract as a vitest suite: every batch system runs it. The suite makes one job store with
 * `setup.makeStore`, deploys its fixture workflow (`fixtures/batch-jobs.ts`) into it as a leader would, and for
 * every test creates a batch system with `setup.create`, issues fixture jobs that really run in its workers, and
 * shuts it down afterwards.
 *
 * @example
 * describeBatchSystemContract('single_machine', {
 *   maxCores: 2,
 *   create: (context) => new SingleMachineBatchSystem(context),
 *   makeStore: async (dir) => ({ store: fileStore.create(`file:${dir}`), pluginUrl: fileStore.moduleUrl }),
 * });
 */
export function describeBatchSystemContract(name: string, setup: BatchSystemContractSetup): void {
  if (!(setup.maxCores >= 1))
    throw new Error(`describeBatchSystemContract: maxCores must be at least 1, got ${setup.maxCores}.`);
  describe(`BatchSystem contract: ${name}`, { timeout: setup.testTimeoutMs ?? 90_000 }, () => {
    const h = new BatchContractHarness(setup);

    beforeAll(() => h.openSuite());
    afterAll(() => h.closeSuite());
    beforeEach(() => h.startTest());
    afterEach(() => h.endTest());

    describeResults(h);
    describeKill(h);
    describeListings(h);
    describeEnv(h);
    describeWaiting(h);
    describeResources(h);
    describeShutdown(h);
  });
}
