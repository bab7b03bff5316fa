import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { addToilOptions, LoadError, parseOptions, InvalidValueError, type JobDef } from '@toil/core';
import {
  bundleAndLoad,
  stopOnInterrupt,
  isJobDef,
  loggerForConfig,
  runWorkflowCommand,
  checkRestartClaims,
} from '@toil/core/internal';
import { addBackendOptions, backendOptionSpecs, type InstalledBatchSystem } from '../plugins.js';

/** Load a workflow module (TypeScript or JavaScript) and find the job exported as `exportName`. */
export async function loadJobExport(modulePath: string, exportName: string): Promise<JobDef> {
  const abs = resolve(modulePath);
  if (!existsSync(abs))
    throw new LoadError(
      `The workflow module '${modulePath}' does not exist. Give the path of a .ts or .js file that exports jobs.`,
    );
  // The default cache is this user's private one; the code there is checked against its sha256 before import.
  const { exports } = await bundleAndLoad(abs);
  const candidate = exports[exportName];
  if (isJobDef(candidate)) return candidate;
  const jobs = Object.entries(exports)
    .filter(([, v]) => isJobDef(v))
    .map(([k]) => k);
  const detail =
    candidate === undefined
      ? `exports nothing named '${exportName}'`
      : `exports '${exportName}', but it is not a job made with defineJob`;
  throw new InvalidValueError(
    '--job',
    exportName,
    `${modulePath} ${detail}; its job exports are: ${jobs.length ? jobs.join(', ') : '(none)'}`,
  );
}

/** `toil run <module> <jobStore> --job <export> --args '<JSON array>' [options]`. */
export function runCommand(installed: InstalledBatchSystem[]) {
  const backendOptions = backendOptionSpecs(installed);
  return {
    command: 'run <module> <jobStore>',
    describe:
      'Run a workflow: start the job exported as --job with --args (or resume the stored one with --restart), and print its result',
    builder: (y: Argv) =>
      addBackendOptions(
        addToilOptions(
          y
            .positional('module', {
              type: 'string',
              describe: 'Workflow module (.ts or .js) that defines the jobs',
              demandOption: true,
            })
            .positional('jobStore', {
              type: 'string',
              describe: "Job store: a path, 'file:<path>', or '<scheme>:<details>' of an installed job store plugin",
              demandOption: true,
            })
            .option('job', {
              type: 'string',
              describe:
                'Name of the exported job to start (the root job); with --restart optional, and if given it must be the stored root job',
            })
            // nargs 1: `--args -` (stdin) takes the '-' as its value; yargs would read a lone '-' as a positional.
            .option('args', {
              type: 'string',
              nargs: 1,
              describe:
                "Arguments of the root job as a plain JSON array: inline ('[100]'), @<file.json>, or - (standard input)",
            }),
        ),
        installed,
      ),
    handler: async (argv: Record<string, unknown>) => {
      const jobStore = String(argv.jobStore);
      // Parsed as runWorkflowCommand will parse it: the progress display needs --disableProgress and the log options
      // first.
      const config = parseOptions(argv, { jobStore, extraOptions: backendOptions });
      // cli-progress loads only when stderr is a terminal (and --disableProgress is off).
      const progress =
        !config.disableProgress && process.stderr.isTTY
          ? (await import('../progress/display.js')).ProgressDisplay.create(config)
          : undefined;
      const interrupt = stopOnInterrupt(jobStore, () => progress?.stop());
      const module = String(argv.module);
      try {
        // --restart resumes the stored workflow: a different module fails here, naming the stored one, before it loads.
        if (config.restart) await checkRestartClaims(config.jobStore, { module: resolve(module) });
        const jobGiven = argv.job === undefined ? undefined : String(argv.job);
        const out = await runWorkflowCommand({
          def: jobGiven === undefined ? undefined : await loadJobExport(module, jobGiven),
          jobGiven,
          argsOption: argv.args,
          argv,
          jobStore,
          workflowModule: resolve(module),
          signal: interrupt.signal,
          extraOptions: backendOptions,
          logger: progress?.wrapLogger(loggerForConfig(config)),
          onProgress: progress?.update,
        });
        progress?.stop();
        process.stdout.write(`${out}\n`);
      } catch (error) {
        progress?.stop();
        // Whatever the leader threw while stopping for a signal, the signal is the news.
        interrupt.exitIfInterrupted();
        throw error;
      }
    },
  };
}
