import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { addToilOptions, bundleAndLoad, isJobDef, LoadError, parseJobArgs, runWorkflowCommand, InvalidValueError, type JobDef, type OptionSpec } from '@toil/core';

/** Load a workflow module (TypeScript or JavaScript) and find the job exported as `exportName`. */
export async function loadJobExport(modulePath: string, exportName: string): Promise<JobDef> {
  const abs = resolve(modulePath);
  if (!existsSync(abs)) throw new LoadError(`The workflow module '${modulePath}' does not exist. Give the path of a .ts or .js file that exports jobs.`);
  const { exports } = await bundleAndLoad(abs, join(tmpdir(), 'toil-bundles'));
  const candidate = exports[exportName];
  if (isJobDef(candidate)) return candidate;
  const jobs = Object.entries(exports).filter(([, v]) => isJobDef(v)).map(([k]) => k);
  const detail = candidate === undefined ? `exports nothing named '${exportName}'` : `exports '${exportName}', but it is not a job made with defineJob`;
  throw new InvalidValueError('--job', exportName, `${modulePath} ${detail}; its job exports are: ${jobs.length ? jobs.join(', ') : '(none)'}`);
}

/**
 * Ctrl-C (or SIGTERM) stops the leader at once; its warm workers exit when their IPC channel closes, and the job
 * store is consistent at every instant, so say how to resume instead of printing nothing.
 */
function exitOnInterrupt(jobStore: string): void {
  const stop = (signal: NodeJS.Signals) => {
    process.stderr.write(`toil: interrupted by ${signal}. The job store ${jobStore} is kept; run the same command with --restart to resume.\n`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** `toil run <module> <jobStore> --job <export> --args '<JSON array>' [options]`. */
export function runCommand(backendOptions: OptionSpec[]) {
  return {
    command: 'run <module> <jobStore>',
    describe: 'Run a workflow: start the job exported as --job with --args, and print its result as JSON',
    builder: (y: Argv) =>
      addToilOptions(
        y
          .positional('module', { type: 'string', describe: 'Workflow module (.ts or .js) that defines the jobs', demandOption: true })
          .positional('jobStore', { type: 'string', describe: "Job store: a path, 'file:<path>', 'aws:<region>:<prefix>' or 'google:<project>:<prefix>'", demandOption: true })
          .option('job', { type: 'string', describe: 'Name of the exported job to start (the root job)', demandOption: true })
          .option('args', { type: 'string', describe: "Arguments of the root job as a JSON array, e.g. '[100]'", default: '[]' }),
        backendOptions,
      ),
    handler: async (argv: Record<string, unknown>) => {
      exitOnInterrupt(String(argv.jobStore));
      const module = String(argv.module);
      const def = await loadJobExport(module, String(argv.job));
      const args = argv.restart ? [] : parseJobArgs(argv.args, def);
      const out = await runWorkflowCommand({ def, args, argv, jobStore: String(argv.jobStore), workflowModule: resolve(module) });
      process.stdout.write(`${out}\n`);
    },
  };
}
