import type { Argv } from 'yargs';
import { openJobStore, ToilError, type DamagedJobStoreError } from '@toil/core';
import { openExistingStore } from '../ops/existing-store.js';
import { workflowState } from '../ops/workflow-state.js';

/**
 * `toil clean <jobStore>`: delete a job store and everything in it. A store that is not there is nothing to
 * delete (success, as in Toil); a path that is not a Toil job store, a store of a newer Toil, or the store of a
 * workflow whose leader runs on this host is refused with a one-line error.
 */
export const cleanCommand = {
  command: 'clean <jobStore>',
  describe: 'Delete a job store and everything in it',
  builder: (y: Argv) => y.positional('jobStore', { type: 'string', demandOption: true, describe: 'The job store to delete' }),
  handler: async (argv: Record<string, unknown>) => {
    let opened;
    try {
      opened = await openExistingStore(String(argv.jobStore), 'delete');
    } catch (error) {
      if (ToilError.is(error) && error.code === 'NO_SUCH_JOB_STORE') {
        process.stderr.write(`There is no job store at ${(error as ToilError & { locator: string }).locator}; nothing to delete.\n`);
        return;
      }
      // A damaged store (its config unreadable) can still be deleted: that is the remedy its error suggests.
      if (!(ToilError.is(error) && error.code === 'DAMAGED_JOB_STORE')) throw error;
      const { locator } = error as DamagedJobStoreError;
      opened = { store: (await openJobStore(locator)).store, locator };
    }
    const { store, locator } = opened;
    const state = await workflowState(store);
    if ((state.kind === 'running' || state.kind === 'starting') && state.leader === 'alive') {
      throw new ToilError('STILL_RUNNING', `The workflow in ${locator} is running (leader pid ${state.pid}); deleting its job store would break it. Stop it first with 'toil kill ${locator}'.`);
    }
    await store.destroy();
    process.stderr.write(`Deleted the job store ${locator}\n`);
  },
};
