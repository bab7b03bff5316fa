/**
 * The command line of `toil-cwl-runner`, cwltest-compatible: `<process.cwl[#id]> [job.yml]`, `--outdir`,
 * `--quiet`, `--no-container`, parsed with yargs.
 */
import yargs from 'yargs';

/** The parsed command line. */
export interface RunnerOptions {
  /** The process document, with an optional `#fragment`. */
  processRef: string;
  /** The job (input object) file, if any. */
  jobFile: string | undefined;
  /** Where final outputs are copied (default: the working directory). */
  outdir: string;
  /** Log only warnings and errors. */
  quiet: boolean;
  /** Use containers for DockerRequirement (false: tools that require one exit 33). */
  container: boolean;
  /** Time limit of one JavaScript expression, in seconds. */
  evalTimeout: number;
  /** Keep the temporary folders of the run. */
  leaveTmpdir: boolean;
  /** Folder the run's temporary folders are made in. */
  tmpdirPrefix: string | undefined;
}

/** Parses `argv`; a bad command line is printed by yargs with the usage, and the process exits 2. */
export async function parseRunnerArgs(argv: string[]): Promise<RunnerOptions> {
  const parsed = await yargs(argv)
    .scriptName('toil-cwl-runner')
    .usage('$0 [options] <process.cwl[#id]> [job.yml]')
    .option('outdir', { type: 'string', default: process.cwd(), describe: 'Folder for the final outputs' })
    .option('quiet', { type: 'boolean', default: false, describe: 'Log only warnings and errors' })
    .option('container', {
      type: 'boolean',
      default: true,
      describe: 'Run DockerRequirement tools in containers (--no-container: such tools exit 33)',
    })
    .option('eval-timeout', { type: 'number', default: 20, describe: 'Seconds one JavaScript expression may take' })
    .option('leave-tmpdir', { type: 'boolean', default: false, describe: "Keep the run's temporary folders" })
    .option('tmpdir-prefix', {
      type: 'string',
      describe: 'Folder to make temporary folders in (default: the OS temp dir)',
    })
    .demandCommand(1, 'Name the CWL document to run.')
    .strictOptions()
    .exitProcess(false)
    .fail((message) => {
      process.stderr.write(`toil-cwl-runner: ${message}\n`);
      process.exit(2);
    })
    .help()
    .parseAsync();
  const positional = parsed._.map(String);
  return {
    processRef: positional[0],
    jobFile: positional[1],
    outdir: parsed.outdir,
    quiet: parsed.quiet,
    container: parsed.container,
    evalTimeout: parsed['eval-timeout'],
    leaveTmpdir: parsed['leave-tmpdir'],
    tmpdirPrefix: parsed['tmpdir-prefix'],
  };
}
