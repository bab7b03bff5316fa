import { availableParallelism } from 'node:os';
import { LocalFakeScheduler } from '@toil/batch-grid/testing';
import { plugin as fileStorePlugin } from '@toil/jobstore-file';
import { describeBatchSystemContract } from '@toil/testing';
import { afterAll } from 'vitest';
import { ParasolBatchSystem } from './parasol.js';
import { FakeParasol } from './test/fake-parasol.js';

// Parasol cannot run on this machine: the shared BatchSystem contract runs against the local fake scheduler behind
// parasol add job / pstat2 / remove job and results files in Parasol's formats, with real workers and a real file job
// store.
const maxCores = Math.min(2, availableParallelism());
const fakes: LocalFakeScheduler[] = [];
afterAll(() => Promise.all(fakes.map((fake) => fake.shutdown())));

describeBatchSystemContract('parasol (fake-backed: local fake scheduler behind the parasol client)', {
  maxCores,
  create: (context) => {
    // A hub never reuses job IDs, and the suite's workflow directory (with its results files) is shared by its tests.
    const fake = new LocalFakeScheduler({ cores: maxCores, firstId: 1000 * (fakes.length + 1) });
    fakes.push(fake);
    return new ParasolBatchSystem(
      { ...context, config: { ...context.config, statePollingWait: 0.1 } },
      { runner: new FakeParasol(fake), tuning: { killWaitMs: 10_000 } },
    );
  },
  makeStore: async (dir) => ({ store: fileStorePlugin.create(`file:${dir}`), pluginUrl: fileStorePlugin.moduleUrl }),
});
