import { availableParallelism } from 'node:os';
import { LocalFakeScheduler } from '@toil/batch-grid/testing';
import { plugin as fileStorePlugin } from '@toil/jobstore-file';
import { describeBatchSystemContract } from '@toil/testing';
import { afterAll } from 'vitest';
import { HTCondorBatchSystem } from './htcondor.js';
import { FakeHTCondor } from './test/fake-htcondor.js';

// HTCondor cannot run on this machine: the shared BatchSystem contract runs against the local fake scheduler behind
// condor_submit/condor_q/condor_history/condor_rm in HTCondor's own formats, with real workers and a real file job
// store.
const maxCores = Math.min(2, availableParallelism());
const fakes: LocalFakeScheduler[] = [];
afterAll(() => Promise.all(fakes.map((fake) => fake.shutdown())));

describeBatchSystemContract(
  'htcondor (fake-backed: local fake scheduler behind condor_submit/condor_q/condor_history/condor_rm)',
  {
    maxCores,
    create: (context) => {
      const fake = new LocalFakeScheduler({ cores: maxCores });
      fakes.push(fake);
      return new HTCondorBatchSystem(
        { ...context, config: { ...context.config, statePollingWait: 0.1 } },
        { runner: new FakeHTCondor(fake), tuning: { killWaitMs: 10_000 } },
      );
    },
    makeStore: async (dir) => ({ store: fileStorePlugin.create(`file:${dir}`), pluginUrl: fileStorePlugin.moduleUrl }),
  },
);
