import { availableParallelism } from 'node:os';
import { plugin as fileStorePlugin } from '@toil/jobstore-file';
import { describeBatchSystemContract } from '@toil/testing';
import { GridEngineBatchSystem } from './gridengine.js';
import { requireGridEngine } from './test-cluster.js';

// The shared BatchSystem contract on the real one-host GridEngine that tooling/start-gridengine.sh runs here.
requireGridEngine();
describeBatchSystemContract('grid_engine', {
  // all.q has one slot per core; a job asking for all of them (through the smp PE) blocks the rest, as the suite needs.
  maxCores: Math.min(2, availableParallelism()),
  create: async (context) => {
    const env = { ...process.env, TOIL_GRIDENGINE_PE: 'smp', TOIL_GRIDENGINE_ARGS: '' };
    const batch = new GridEngineBatchSystem(
      { ...context, config: { ...context.config, statePollingWait: 0.2 } },
      { env, tuning: { killWaitMs: 30_000 } },
    );
    await batch.verifyCommands();
    return batch;
  },
  makeStore: async (dir) => ({ store: fileStorePlugin.create(`file:${dir}`), pluginUrl: fileStorePlugin.moduleUrl }),
  jobTimeoutMs: 60_000,
  testTimeoutMs: 180_000,
});
