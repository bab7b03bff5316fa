/**
 * The command line of `toil-cwl-runner`, cwltest-compatible: `<process.cwl[#id]> [job.yml]`, `--outdir`,
 * `--quiet`, `--no-container`. Parsed with node:util's parseArgs rather than yargs: yargs alone adds about half
 * the start-up budget of a conformance test (0.5 s) on this machine, and these few options need nothing more.
 */
import { parseArgs } from 'node:util';
import { cwlOptionValues, type CwlOptionValues } from './cwl-options.js';

/** The parsed command line. */
export interface RunnerOptions extends CwlOptionValues {
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
  /** `--default-container IMAGE`: tools without a DockerRequirement run in this image. */
  defaultContainer: string | undefined;
  /** On single_machine, run the jobs in this process (`--inProcessJobs false`: in forked worker processes). */
  inProcessJobs: boolean;
}

/** The usage text of `--help`. */
export const USAGE = `Usage: toil-cwl-runner [options] <process.cwl[#id]> [job.yml] [--input value ...]

Options:
  --outdir DIR          Folder for the final outputs (default: the working directory)
  --quiet               Log only warnings and errors
  --no-container        Do not use containers: a tool that requires DockerRequirement exits 33
  --eval-timeout SECS   Seconds one JavaScript expression may take (default 20)
  --tmpdir-prefix DIR   Folder to make the run's temporary folders in (default: the OS temp dir)
  --leave-tmpdir        Keep the run's temporary folders
  --singularity         Not available here (no Singularity/Apptainer): exits 33
  --default-container IMAGE  Run tools that have no DockerRequirement in this image
  --tmp-outdir-prefix DIR  Existing folder to make the tools' output folders in (default: the temp folder)
  --preserve-environment VAR  Keep this host environment variable in tools (repeatable)
  --preserve-entire-environment  Tools see the host's whole environment
  --help                Show this text

The process runs as Toil jobs, with a job store in a private temporary folder unless --jobStore names one
(deleted after a successful run); on single_machine (the default) inside this process (--inProcessJobs false:
in forked workers). Any of Toil's workflow options is accepted (--jobStore, --batchSystem, --restart, --workDir,
--stats, --maxCores, ...; see toil run --help), and an installed batch system's own (--slurmJobArrays, ...).
--logDir DIR (a log file per job: --writeLogs DIR --writeLogsFromAllJobs) is one of those.

The document's inputs may follow it as options (--numbers 1 --numbers 2 --reads a.bam --rec.field x --flag),
instead of or over a job file's; toil-cwl-runner <process.cwl> --help lists them.

Input Files may be paths, file://, http(s):// or any URL scheme a plugin provides (s3:// with @toil/jobstore-aws,
gs:// with @toil/jobstore-gcs).`;

/** The options the fast parser knows (parseArgs' table); `doc-args.ts` reads their kinds to find the document. */
export const FAST_OPTIONS = {
  outdir: { type: 'string' },
  quiet: { type: 'boolean', default: false },
  'no-container': { type: 'boolean', default: false },
  'eval-timeout': { type: 'string', default: '20' },
  'tmpdir-prefix': { type: 'string' },
  'leave-tmpdir': { type: 'boolean', default: false },
  'default-container': { type: 'string' },
  'tmp-outdir-prefix': { type: 'string' },
  'preserve-environment': { type: 'string', multiple: true },
  'preserve-entire-environment': { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

/** A command line that cannot be used: printed as one line with the usage hint, exit 2. */
export class UsageError extends Error {}

/**
 * Parses `argv`; undefined means `--help` was asked for, and `'toil'` that it has options this parser does not
 * know (Toil's workflow options: toil-options.ts parses those with yargs, which this path never loads).
 */
export function parseRunnerArgs(argv: string[]): RunnerOptions | undefined | 'toil' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: FAST_OPTIONS,
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return 'toil';
    throw new UsageError(`${(error as Error).message}. See --help.`);
  }
  const { values, positionals } = parsed;
  if (values.help) return undefined;
  return runnerOptionsFrom(values, positionals);
}

/**
 * The runner's options from a parsed command line, whichever parser read it (parseArgs here, yargs when Toil
 * options are given: toil-options.ts), so both check positionals and values the same way.
 */
export function runnerOptionsFrom(values: Record<string, unknown>, positionals: readonly string[]): RunnerOptions {
  if (positionals.length === 0 || positionals.length > 2) {
    throw new UsageError(
      `Name the CWL document to run, and at most one job file (got ${positionals.length} arguments).`,
    );
  }
  const evalTimeout = Number(values['eval-timeout']);
  if (!(evalTimeout > 0))
    throw new UsageError(
      `--eval-timeout must be a positive number of seconds, not '${String(values['eval-timeout'])}'.`,
    );
  return {
    processRef: positionals[0] as string,
    jobFile: positionals[1],
    outdir: (values.outdir as string | undefined) ?? process.cwd(),
    quiet: values.quiet === true,
    container: values['no-container'] !== true,
    evalTimeout,
    leaveTmpdir: values['leave-tmpdir'] === true,
    tmpdirPrefix: values['tmpdir-prefix'] as string | undefined,
    defaultContainer: values['default-container'] as string | undefined,
    inProcessJobs: values.inProcessJobs !== false,
    ...cwlOptionValues(values, (message) => new UsageError(message)),
  };
}
