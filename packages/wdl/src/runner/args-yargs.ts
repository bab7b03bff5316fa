/**
 * The runner's command line read by yargs with Toil's whole option table (addToilOptions): `--help`, and every
 * command line `args.ts` leaves to it. Loaded only then, as yargs costs about 0.1 s of CPU to load.
 */
import yargs from 'yargs';
import { addToilOptions } from '@toil/core';
import type { RunnerArgs } from './args.js';
import type { OutputDialect } from './results.js';

/** Parses `argv` (without node and the script) as yargs does; `--help` prints the usage and exits. */
export async function parseRunnerArgsWithYargs(argv: string[]): Promise<RunnerArgs> {
  const parsed = await addToilOptions(
    yargs(argv)
      .scriptName('toil-wdl-runner')
      .usage('$0 <wdl> [inputs] [options]')
      .positional('wdl', { type: 'string', describe: 'The WDL document' })
      .option('input', { alias: 'i', type: 'string', array: true, describe: 'Inputs: a JSON file or inline JSON' })
      .option('outputFile', { alias: ['o', 'm'], type: 'string', describe: 'Write the outputs as JSON to this file' })
      .option('outputDialect', { type: 'string', choices: ['cromwell', 'miniwdl'], default: 'cromwell' })
      .option('outputDirectory', {
        type: 'string',
        describe: 'Export the output files here; the results then name the exported paths',
      })
      .option('task', { type: 'string', describe: 'Run this task alone instead of the workflow' })
      .option('container', {
        type: 'string',
        choices: ['auto', 'none'],
        default: 'auto',
        describe: 'none: run commands on the host',
      })
      .option('inProcessJobs', {
        type: 'boolean',
        default: true,
        describe: 'single_machine: run jobs in this process (--no-inProcessJobs: in worker processes)',
      })
      .option('jobStore', {
        type: 'string',
        describe: 'Job store (default: a new one in a private temporary directory)',
      })
      .strictOptions()
      .help(),
  ).parseAsync();
  const [wdl, inputsFile] = parsed._.map(String);
  return {
    wdl,
    inputsFile,
    inputs: (parsed.input as string[] | undefined) ?? [],
    outputFile: parsed.outputFile as string | undefined,
    outputDialect: (parsed.outputDialect as OutputDialect | undefined) ?? 'cromwell',
    outputDirectory: parsed.outputDirectory as string | undefined,
    task: parsed.task as string | undefined,
    container: parsed.container === 'none' ? 'none' : 'auto',
    inProcessJobs: parsed.inProcessJobs as boolean,
    jobStore: parsed.jobStore as string | undefined,
    toil: parsed as Record<string, unknown>,
  };
}
