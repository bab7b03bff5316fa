/**
 * The command line when it carries Toil's workflow options (`--jobStore`, `--batchSystem`, `--restart`,
 * `--workDir`, `--stats`, `--maxCores`, ...): parsed by yargs with @toil/core's own option table
 * (addToilOptions), so names, defaults and errors are those of `toil run`. Loaded only then: yargs costs about
 * 0.1-0.2 s of CPU at start-up, most of a small tool's whole run, and without Toil's options the runner builds
 * its config in code (parseOptions on an empty argv).
 */
import yargs from 'yargs';
import { addToilOptions } from '@toil/core';
import type { BatchSystemPlugin } from '@toil/core/backend';
// The plugin registry's discovery is CLI machinery (internal): this is a CLI, as apps/cli is.
import { addPluginResolveBase, discoverPlugins, pluginOptionSpecs, type OptionSpec } from '@toil/core/internal';
import { UsageError, runnerOptionsFrom, type RunnerOptions } from './options.js';
import { addCwlOptions } from './cwl-options.js';

// Backends installed next to the runner (its own dependencies, or a user's project) resolve from here.
addPluginResolveBase(new URL(import.meta.url).pathname);

/** The runner's options and Toil's raw option values (for parseOptions). */
export interface ToilCommandLine {
  /** The runner's own options. */
  runner: RunnerOptions;
  /** Everything yargs parsed, Toil's options included. */
  raw: Record<string, unknown>;
  /** The job store given with --jobStore, if any. */
  jobStore: string | undefined;
  /** The installed batch systems' own options (`--slurmJobArrays`, ...), for parseOptions as `toil run` passes them. */
  backendOptions: OptionSpec[];
}

/** Every installed batch system's options, as `toil run` registers them. */
export async function installedBackendOptions(): Promise<OptionSpec[]> {
  const plugins = await discoverPlugins();
  return plugins
    .filter((p): p is BatchSystemPlugin => p.kind === 'batchSystem')
    .flatMap((plugin) => pluginOptionSpecs(plugin));
}

/** Parses `argv` with the runner's options and Toil's. */
export async function parseToilCommandLine(argv: string[]): Promise<ToilCommandLine> {
  const backendOptions = await installedBackendOptions();
  const parser = addToilOptions(
    addCwlOptions(yargs(argv))
      .scriptName('toil-cwl-runner')
      .usage('$0 [options] <process.cwl[#id]> [job.yml]')
      .option('outdir', { type: 'string', describe: 'Folder for the final outputs (default: the working directory)' })
      .option('quiet', { type: 'boolean', default: false, describe: 'Log only warnings and errors' })
      .option('no-container', { type: 'boolean', default: false, describe: 'Do not use containers' })
      .option('eval-timeout', { type: 'number', default: 20, describe: 'Seconds one JavaScript expression may take' })
      .option('tmpdir-prefix', { type: 'string', describe: 'Folder for the temporary job store' })
      .option('leave-tmpdir', { type: 'boolean', default: false, describe: 'Keep the temporary job store' })
      .option('default-container', { type: 'string', describe: 'Run tools without a DockerRequirement in this image' })
      .option('inProcessJobs', {
        type: 'boolean',
        default: true,
        describe: 'single_machine: run jobs in this process (--inProcessJobs false: in forked worker processes)',
      })
      .option('jobStore', { type: 'string', describe: 'Job store (default: a new one in a private temporary folder)' })
      .option('logDir', {
        type: 'string',
        describe: 'Folder for a log file per job, successful or failed (as --writeLogs DIR --writeLogsFromAllJobs)',
      })
      .parserConfiguration({ 'boolean-negation': false })
      .strictOptions()
      .exitProcess(false)
      .fail((message, error) => {
        // yargs says "Unknown argument: outdri"; the fast parser's wording names the option as typed.
        const text = (message ?? error?.message ?? 'bad command line').replace(
          /^Unknown arguments?: (.*)$/,
          (_, names: string) =>
            `Unknown option ${names
              .split(', ')
              .map((n) => `'--${n}'`)
              .join(', ')}`,
        );
        throw new UsageError(`${text}. See --help.`);
      }),
    backendOptions,
  );
  const raw = (await parser.parseAsync()) as Record<string, unknown>;
  applyLogDir(raw);
  const positionals = (raw._ as unknown[]).map(String);
  return {
    runner: runnerOptionsFrom(raw, positionals),
    raw,
    jobStore: raw.jobStore as string | undefined,
    backendOptions,
  };
}

/**
 * `--logDir DIR` (Python toil-cwl-runner's): every job's log in DIR. Core's `--writeLogs DIR --writeLogsFromAllJobs`
 * does exactly that (each job's captured output and `ctx.log` lines, which carry the tool's command line), so it is
 * mapped onto them rather than written a second time; files are named `<step>_<job ID>_<n>.log` by core.
 */
function applyLogDir(raw: Record<string, unknown>): void {
  const logDir = raw.logDir;
  if (logDir === undefined) return;
  if (typeof logDir !== 'string' || logDir === '') throw new UsageError(`--logDir needs a folder, e.g. --logDir logs.`);
  if (raw.writeLogs !== undefined || raw.writeLogsGzip !== undefined) {
    throw new UsageError(`--logDir '${logDir}' and --writeLogs/--writeLogsGzip both say where job logs go; give one.`);
  }
  raw.writeLogs = logDir;
  raw.writeLogsFromAllJobs = true;
}
