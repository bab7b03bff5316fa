import { availableParallelism } from 'node:os';
import { LocalFakeScheduler } from '@toil/batch-grid/testing';
import { plugin as fileStorePlugin } from '@toil/jobstore-file';
import { describeBatchSystemContract } from '@toil/testing';
import { afterAll } from 'vitest';
import { LsfBatchSystem } from './lsf.js';
import { FakeLsf } from './test/fake-lsf.js';

// LSF cannot run on this machine: the shared BatchSystem contract runs against the local fake scheduler behind
// bsub/bjobs/bkill in LSF's own output formats, with real workers and a real file job store.
const maxCores = Math.min(2, availableParallelism());
const fakes: LocalFakeScheduler[] = [];
afterAll(() => Promise.all(fakes.map((fake) => fake.shutdown())));

describeBatchSystemContract('lsf (fake-backed: local fake scheduler behind bsub/bjobs/bkill)', {
  maxCores,
  create: (context) => {
    const fake = new LocalFakeScheduler({ cores: maxCores });
    fakes.push(fake);
    return new LsfBatchSystem(
      { ...context, config: { ...context.config, statePollingWait: 0.1 } },
      { runner: new FakeLsf(fake), tuning: { killWaitMs: 10_000 } },
    );
  },
  makeStore: async (dir) => ({ store: fileStorePlugin.create(`file:${dir}`), pluginUrl: fileStorePlugin.moduleUrl }),
});
