import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { InvalidValueError } from '@toil/core';
import type { JobStore } from '@toil/core/backend';
import { acquireLeaderLock, openJobStore, parseLocator, debugJob } from '@toil/core/internal';
import { openExistingStore } from '../ops/existing-store.js';
import { utilityLogger, withLogOptions } from '../ops/log-options.js';
import { createdJobsLine, returnValueJson } from '../debug/describe-run.js';
import { findJob } from '../debug/find-job.js';
import { scratchCopy } from '../debug/scratch-copy.js';

/**
 * `toil debug-job <jobStore> <job>`: run one job's function again in this process, from its stored arguments, so
 * a debugger can stop in it (`node --inspect-brk $(which toil) debug-job ...`; the stored workflow bundle has an
 * inline source map, so breakpoints go in the workflow's own source). The job runs against a scratch copy of the
 * job store (hard links, see scratch-copy.ts) that is deleted afterwards: the job store itself is not changed,
 * whatever the job writes or adds. Prints the job's log messages, the jobs it added and its return value (stdout,
 * JSON); exits 1 with the job's error when it throws.
 */
export const debugJobCommand = {
  command: 'debug-job <jobStore> <job>',
  describe: 'Run one job in this process from its stored state, for a debugger; the job store is not changed',
  builder: (y: Argv) =>
    withLogOptions(
      y
        .positional('jobStore', {
          type: 'string',
          demandOption: true,
          describe: 'A job store (file:, aws: or google:)',
        })
        .positional('job', {
          type: 'string',
          demandOption: true,
          describe: 'Job ID, or a job name (the failed one when several share it)',
        })
        .option('workDir', {
          type: 'string',
          describe: 'Where to put the scratch copy of the job store',
          defaultDescription: 'the system temp directory',
        }),
    ),
  handler: async (argv: Record<string, unknown>) => {
    const log = utilityLogger(argv, 'toil debug-job');
    const input = String(argv.jobStore);
    const parsed = parseLocator(input);
    const { store, locator } = await openExistingStore(input, 'debug');
    // A remote store gives its own scratch copy (writes kept in memory); a local one is copied with hard links.
    if (parsed.scheme !== 'file' && !store.scratchCopy)
      throw new InvalidValueError(
        'job store',
        input,
        "debug-job runs against a scratch copy, which this job store cannot make; give a 'file:', 'aws:' or 'google:' job store",
      );
    // Held for the whole command: the scratch copy must not catch a leader halfway through a change.
    const lock = await acquireLeaderLock(store, { purpose: 'debug-job', log });
    const scratch = await mkdtemp(join(argv.workDir ? resolve(String(argv.workDir)) : tmpdir(), 'toil-debug-job-'));
    try {
      const job = await findJob(store, locator, String(argv.job));
      let copy: JobStore;
      if (store.scratchCopy) {
        copy = store.scratchCopy();
      } else {
        const { copied } = await scratchCopy(parsed.rest, join(scratch, 'jobstore'));
        if (copied)
          log.info(`Copied ${copied} file(s) into the scratch job store (hard links were not possible in ${scratch}).`);
        copy = (await openJobStore(`file:${join(scratch, 'jobstore')}`)).store;
      }
      if (job.done)
        log.warn(
          `Job '${job.displayName}' ${job.id} already ran (it waits for its successors); running its function again.`,
        );
      log.info(
        `Running job '${job.displayName}' ${job.id} in this process against a scratch copy of ${locator} (the job store itself is not changed).`,
      );
      const outcome = await debugJob(copy, await copy.load(job.id), { workDir: join(scratch, 'work') });
      if (!outcome.ok) {
        const error = outcome.error;
        process.stderr.write(
          `Job '${job.displayName}' ${job.id} failed:\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
        );
        process.exitCode = 1;
        return;
      }
      process.stderr.write(
        `Job '${job.displayName}' ${job.id} ran in ${outcome.stat.time.toFixed(2)} s. ${createdJobsLine(outcome.created, outcome.committed)}\n`,
      );
      process.stdout.write(`${returnValueJson(outcome.value, outcome.created)}\n`);
    } finally {
      await rm(scratch, { recursive: true, force: true });
      await lock.release();
    }
  },
};
