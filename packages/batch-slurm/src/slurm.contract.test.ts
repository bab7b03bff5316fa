import { availableParallelism } from 'node:os';
import { plugin as fileStorePlugin } from '@toil/jobstore-file';
import { describeBatchSystemContract } from '@toil/testing';
import { SlurmBatchSystem } from './slurm.js';
import { requireSlurm } from './test-cluster.js';

// The shared BatchSystem contract on the real one-node Slurm that tooling/start-slurm.sh runs on this machine.
requireSlurm();
describeBatchSystemContract('slurm', {
  // The node has every core of this machine; a job asking for all of them blocks the rest, as the suite needs.
  maxCores: Math.min(2, availableParallelism()),
  create: async (context) => {
    const batch = new SlurmBatchSystem(
      { ...context, config: { ...context.config, statePollingWait: 0.2 } },
      { tuning: { killWaitMs: 30_000 } },
    );
    await batch.verifyCommands();
    return batch;
  },
  makeStore: async (dir) => ({ store: fileStorePlugin.create(`file:${dir}`), pluginUrl: fileStorePlugin.moduleUrl }),
  jobTimeoutMs: 60_000,
  testTimeoutMs: 180_000,
});
