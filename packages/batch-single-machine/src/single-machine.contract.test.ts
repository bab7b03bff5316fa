import { availableParallelism } from 'node:os';
import { plugin as fileStorePlugin } from '@toil/jobstore-file';
import { describeBatchSystemContract } from '@toil/testing';
import { SingleMachineBatchSystem } from './single-machine.js';

// The shared BatchSystem contract, with real warm workers against a real file job store.
describeBatchSystemContract('single_machine', {
  // Two cores where the machine has them: enough to see packing and queueing, within what runs at once here.
  maxCores: Math.min(2, availableParallelism()),
  create: (context) => new SingleMachineBatchSystem(context),
  makeStore: async (dir) => ({ store: fileStorePlugin.create(`file:${dir}`), pluginUrl: fileStorePlugin.moduleUrl }),
});
