import type { Argv } from 'yargs';
import { ToilError, type DamagedJobStoreError } from '@toil/core';
import { acquireLeaderLock, openJobStore } from '@toil/core/internal';
import { openExistingStore } from '../ops/existing-store.js';
import { utilityLogger } from '../ops/log-options.js';

/**
 * `toil clean <jobStore>`: delete a job store and everything in it. A store that is not there is nothing to
 * delete (success, as in Toil); a path that is not a Toil job store, a store of a newer Toil, or a store in use
 * (its leader lock held by a live leader or `toil debug-job`, on any host) is refused with a one-line error.
 */
export const cleanCommand = {
  command: 'clean <jobStore>',
  describe: 'Delete a job store and everything in it',
  builder: (y: Argv) =>
    y.positional('jobStore', { type: 'string', demandOption: true, describe: 'The job store to delete' }),
  handler: async (argv: Record<string, unknown>) => {
    let opened;
    try {
      opened = await openExistingStore(String(argv.jobStore), 'delete');
    } catch (error) {
      if (ToilError.is(error) && error.code === 'NO_SUCH_JOB_STORE') {
        process.stderr.write(
          `There is no job store at ${(error as ToilError & { locator: string }).locator}; nothing to delete.\n`,
        );
        return;
      }
      // A damaged store (its config unreadable) can still be deleted: that is the remedy its error suggests.
      if (!(ToilError.is(error) && error.code === 'DAMAGED_JOB_STORE')) throw error;
      const { locator } = error as DamagedJobStoreError;
      opened = { store: (await openJobStore(locator)).store, locator };
    }
    const { store, locator } = opened;
    // Held while deleting: a leader that starts or restarts meanwhile is refused, and a running one refuses us.
    const lock = await acquireLeaderLock(store, {
      purpose: 'clean',
      heartbeat: false,
      log: utilityLogger(argv, 'toil clean'),
    });
    try {
      await store.destroy();
    } finally {
      await lock.release();
    }
    process.stderr.write(`Deleted the job store ${locator}\n`);
  },
};
