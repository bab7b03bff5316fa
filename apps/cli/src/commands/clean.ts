import type { Argv } from 'yargs';
import { openJobStore, parseLocator } from '@toil/core';

/** `toil clean <jobStore>`: delete a job store and everything in it. */
export const cleanCommand = {
  command: 'clean <jobStore>',
  describe: 'Delete a job store and everything in it',
  builder: (y: Argv) => y.positional('jobStore', { type: 'string', demandOption: true, describe: 'The job store to delete' }),
  handler: async (argv: Record<string, unknown>) => {
    const locator = parseLocator(String(argv.jobStore)).locator;
    const { store } = await openJobStore(locator);
    const existed = await store.exists();
    await store.destroy();
    process.stderr.write(existed ? `Deleted the job store ${locator}\n` : `There is no job store at ${locator}; nothing to delete.\n`);
  },
};
