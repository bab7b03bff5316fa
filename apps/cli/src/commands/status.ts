import type { Argv } from 'yargs';
import { DamagedJobStoreError, ToilError } from '@toil/core';
import type { JobDescription, JobStore } from '@toil/core/backend';
import { assertFinishedRoot, findGraphDamage } from '@toil/core/internal';
import { openExistingStore } from '../ops/existing-store.js';
import { describeState, workflowState } from '../ops/workflow-state.js';
import { utilityLogger, withLogOptions } from '../ops/log-options.js';
import { classify, countJobs, loadJobs, traverseJobGraph } from '../status/collect.js';
import { childrenLines, failedLine, logLines, perJobLines, summaryLine } from '../status/report.js';

/** The `--print*` flags `--printAll` turns on. */
const PRINT_FLAGS = ['printPerJobStats', 'printLogs', 'printChildren', 'printDot', 'printStatus'] as const;

/** Jobs to report: the ones `--jobs` names, or everything reachable from the root. */
async function jobsToReport(
  store: JobStore,
  locator: string,
  ids: string[] | undefined,
  rootId: string,
): Promise<JobDescription[]> {
  if (!ids?.length) return traverseJobGraph(store, rootId);
  const { jobs, missing } = await loadJobs(store, ids);
  if (missing.length)
    throw new ToilError(
      'NO_SUCH_JOB',
      `The job ${missing.map((id) => `'${id}'`).join(', ')} is not in the job store ${locator} (finished jobs are deleted). 'toil status --printPerJobStats' lists the jobs left.`,
    );
  return jobs;
}

/**
 * Fail with DamagedJobStoreError when the graph of a stopped workflow is missing a record it cannot have finished
 * (damaged records themselves fail while loading). Skipped while a leader works on the store: jobs vanish then.
 */
async function reportDamage(store: JobStore, jobs: JobDescription[]): Promise<void> {
  const state = await workflowState(store);
  if (state.kind === 'running' || state.kind === 'starting') return;
  const damage = await findGraphDamage(store, new Map(jobs.map((d) => [d.id, d])));
  if (damage) throw new DamagedJobStoreError(store.locator, damage.where, damage.problem);
}

/**
 * `toil status <jobStore>`: what is left of a workflow's job graph, from its job store alone, so it works while the
 * workflow runs, after it failed or was killed, and after it finished. Reads only; never writes to the store.
 */
export const statusCommand = {
  command: 'status <jobStore>',
  describe: "Summarize the jobs left in a workflow's job store (works while it runs and after it failed)",
  builder: (y: Argv) =>
    withLogOptions(
      y
        .positional('jobStore', { type: 'string', demandOption: true, describe: 'Job store of the workflow' })
        .option('failIfNotComplete', {
          type: 'boolean',
          default: false,
          describe: 'Exit with status 1 if jobs are left (the workflow has not completed)',
        })
        .option('noAggStats', { type: 'boolean', default: false, describe: 'Do not print the summary sentence' })
        .option('jobs', { type: 'string', array: true, describe: 'Report only these job IDs' })
        .option('printPerJobStats', {
          type: 'boolean',
          default: false,
          describe: 'Print one line per job: log file, tries left, successors left, flags',
        })
        .option('printLogs', {
          type: 'boolean',
          default: false,
          describe: "Print the stored log of each job's last failed attempt",
        })
        .option('printChildren', { type: 'boolean', default: false, describe: 'Print the successors left of each job' })
        .option('printDot', {
          type: 'boolean',
          default: false,
          describe: 'Print the remaining job graph in Graphviz DOT',
        })
        .option('printStatus', {
          type: 'boolean',
          default: false,
          describe: 'Print whether the workflow is running, stopped or completed, and its leader',
        })
        .option('printAll', {
          type: 'boolean',
          default: false,
          describe: `All of ${PRINT_FLAGS.map((f) => `--${f}`).join(', ')}`,
        })
        .option('serve', {
          type: 'boolean',
          default: false,
          describe: 'Serve a local web page with the job graph, job states and logs, updated live, until Ctrl-C',
        })
        .option('port', {
          type: 'number',
          default: 0,
          describe: 'Port of the --serve page on 127.0.0.1; 0 picks a free one (the URL is printed)',
        }),
    ),
  handler: async (argv: Record<string, unknown>) => {
    const log = utilityLogger(argv, 'toil status');
    if (argv.serve)
      return (await import('../status/serve/serve.js')).serveStatus(String(argv.jobStore), argv.port, log);
    const print = Object.fromEntries(PRINT_FLAGS.map((f) => [f, Boolean(argv[f] || argv.printAll)])) as Record<
      (typeof PRINT_FLAGS)[number],
      boolean
    >;
    const { store, locator } = await openExistingStore(String(argv.jobStore), 'report on');
    const out: string[] = [];
    const finish = (complete: boolean) => {
      if (out.length) process.stdout.write(`${out.join('\n')}\n`);
      if (!complete && argv.failIfNotComplete) process.exitCode = 1;
    };
    const rootId = await store.loadRootJobId();
    if (rootId === undefined || !(await store.jobExists(rootId))) {
      // A root job that is gone although the workflow never wrote its result is damage, not completion.
      if (rootId !== undefined) await assertFinishedRoot(store, rootId);
      const state = await workflowState(store);
      out.push(
        state.kind === 'completed'
          ? 'The root job of the job store is absent, the workflow completed successfully.'
          : describeState(state, locator),
      );
      if (print.printStatus && state.kind === 'completed') out.push(describeState(state, locator));
      return finish(state.kind === 'completed');
    }
    if (!(argv.jobs as string[] | undefined)?.length)
      log.info('Traversing the job graph gathering jobs. This may take a couple of minutes.');
    const jobs = await jobsToReport(store, locator, argv.jobs as string[] | undefined, rootId);
    if (!(argv.jobs as string[] | undefined)?.length) await reportDamage(store, jobs);
    const byId = new Map(jobs.map((d) => [d.id, d]));
    // With --jobs only some jobs are loaded: ask the store which of their successors remain.
    const stored = new Set(byId.keys());
    if (argv.jobs)
      for (const id of jobs.flatMap((d) => d.successors.flat())) if (await store.jobExists(id)) stored.add(id);
    const reports = jobs.map((d) => classify(d, (id) => stored.has(id)));
    if (print.printPerJobStats) out.push(...perJobLines(reports));
    if (print.printLogs) out.push(...(await logLines(store, reports)));
    if (print.printChildren) out.push(...childrenLines(reports, byId));
    // ts-graphviz loads only for --printDot.
    if (print.printDot) out.push((await import('../status/dot.js')).statusDot(reports, locator).trimEnd());
    if (!argv.noAggStats) out.push(summaryLine(countJobs(reports), locator));
    const failed = failedLine(reports);
    if (failed) out.push(failed);
    if (print.printStatus) out.push(describeState(await workflowState(store), locator));
    finish(reports.length === 0);
  },
};
