import { writeFile } from 'node:fs/promises';
import type { Argv } from 'yargs';
import { ToilError } from '@toil/core';
import { openExistingStore } from '../ops/existing-store.js';
import { workflowState } from '../ops/workflow-state.js';
import { utilityLogger, withLogOptions } from '../ops/log-options.js';
import { collate } from '../stats/collate.js';
import { parseReportOptions, SORT_CATEGORIES, SORT_FIELDS, type ReportFlags } from '../stats/options.js';
import { formatRawStats } from '../stats/raw.js';

/**
 * `toil stats <jobStore>`: run time, CPU time and memory of a workflow run with `--stats`, overall and per job
 * type, in Toil's report layout (or `--raw` JSON).
 */
export const statsCommand = {
  command: 'stats <jobStore>',
  describe: 'Report run time, CPU time and memory per job type of a workflow run with --stats',
  builder: (y: Argv) =>
    withLogOptions(
      y
        .positional('jobStore', {
          type: 'string',
          demandOption: true,
          describe: 'Job store of a workflow run with --stats',
        })
        .option('raw', {
          type: 'boolean',
          default: false,
          describe: 'Print the figures as JSON (Toil key names) instead of the report',
        })
        .option('pretty', {
          alias: 'human',
          type: 'boolean',
          default: false,
          describe: 'Print times and memory in human units (2m5s, 1.5G)',
        })
        .option('categories', {
          type: 'string',
          describe: 'Comma-separated column groups to show: time, clock, wait, memory',
          defaultDescription: 'time,clock,wait,memory',
        })
        .option('sortCategory', {
          type: 'string',
          describe: `Sort job types by: ${SORT_CATEGORIES.join(', ')}`,
          defaultDescription: 'time',
        })
        .option('sortField', {
          type: 'string',
          describe: `Figure of the sort category to sort by: ${SORT_FIELDS.join(', ')}`,
          defaultDescription: 'med',
        })
        .option('sortBy', { type: 'string', describe: 'Both at once: <category>[.<field>], e.g. memory.max or alpha' })
        .option('sortReverse', {
          alias: 'reverseSort',
          type: 'boolean',
          default: false,
          describe: 'Reverse the sort order',
        })
        .option('outputFile', { type: 'string', describe: 'Also write the report to this file' }),
    ),
  handler: async (argv: Record<string, unknown>) => {
    // Flags first: a typo in --sortField fails before the job store is read.
    const options = parseReportOptions(argv as ReportFlags);
    const log = utilityLogger(argv, 'toil stats');
    const { store, config, locator } = await openExistingStore(String(argv.jobStore), 'report on');
    if (!config.stats) {
      throw new ToilError(
        'NO_STATS',
        `The workflow in ${locator} was not run with --stats, so it recorded no statistics. Run it with --stats (which keeps the job store) and then run 'toil stats' on its job store.`,
      );
    }
    const state = await workflowState(store);
    if (state.kind === 'running' && state.leader === 'alive') {
      // Reading marks the channel's records as read, and the running leader would then miss the job log messages in
      // them.
      throw new ToilError(
        'STILL_RUNNING',
        `The workflow in ${locator} is still running (leader pid ${state.pid}); run 'toil stats' once it has finished, or use 'toil status' to see its progress.`,
      );
    }
    // zod and printj load here, not at CLI start-up: every other command starts faster.
    const [{ readStatsRecords }, { formatStatsReport }] = await Promise.all([
      import('../stats/records.js'),
      import('../stats/format.js'),
    ]);
    const records = await readStatsRecords(store, log);
    if (!records.workers.length && !records.workflows.length) {
      throw new ToilError(
        'NO_STATS',
        `The job store ${locator} holds no statistics yet: no job has finished since the workflow started with --stats.`,
      );
    }
    if (!records.workflows.length)
      log.warn('The workflow has not finished, so Total Runtime is 0 and the figures cover the jobs that ran so far.');
    const stats = collate(
      {
        batchSystem: config.batchSystem,
        defaultCores: config.defaultCores,
        defaultMemory: config.defaultMemory,
        maxCores: config.maxCores,
      },
      records,
    );
    const text = argv.raw ? formatRawStats(stats) : formatStatsReport(stats, options);
    if (argv.outputFile) await writeFile(String(argv.outputFile), text);
    process.stdout.write(text);
  },
};
