import { NoSpaceLeftError } from './errors.js';
import { printValue } from './codec/print.js';
import { ToilError, ToilUsageError } from './errors.js';
import { parseArgsArray, parseJobArgs, quoted, readJobArgsText } from './job-args.js';
import { checkRestartClaims } from './leader/restart-check.js';
import type { JobDef } from './job/define.js';
import { parseOptions } from './options/parse.js';
import type { OptionSpec } from './options/spec.js';
import { addToilOptions } from './options/yargs.js';
import { stopOnInterrupt, type InterruptHandle } from './interrupt.js';
import type { Logger } from './log/logger.js';
import type { LeaderProgress } from './leader/events.js';
import { setMainImplementation, Toil } from './toil.js';

export { parseJobArgs, readJobArgsText, type JobArgsText } from './job-args.js';

/**
 * Render a root job's result for stdout: JSON when JSON carries it exactly, else as console.log shows it (see
 * printValue).
 */
export function formatResult(value: unknown): string {
  return printValue(value);
}

/** A parsed `run`-style command: which job, with which arguments, on which config. */
export interface WorkflowCommand {
  /** The root job (`--job`). Only `--restart` may leave it out; given, it must be the stored root job. */
  def?: JobDef;
  /** `--job` as given (the export name), for messages. */
  jobGiven?: string;
  /**
   * The root job's arguments, parsed. Otherwise `argsOption` is read and parsed here. With `--restart` they are
   * optional and, when given, must equal the stored ones.
   */
  args?: unknown[];
  /** `--args` as given: inline JSON, `@file.json` or `-` (stdin); see readJobArgsText. */
  argsOption?: unknown;
  argv: Record<string, unknown>;
  jobStore: string;
  workflowModule?: string;
  /** Aborting stops the leader cleanly (see `OpenExtras.signal`). */
  signal?: AbortSignal;
  /** Options of installed backends; their values land in `config.extra`. */
  extraOptions?: readonly OptionSpec[];
  /** The leader's logger (default: the one the logging options ask for). */
  logger?: Logger;
  /** Called with the leader's counts on every job event (the CLI's progress display). */
  onProgress?(progress: LeaderProgress): void;
}

/** `--args` of a command, parsed, and how to quote it; undefined when not given (only --restart may omit it). */
async function commandArgs(
  command: WorkflowCommand,
  restart: boolean,
): Promise<{ values: unknown[]; given: string } | undefined> {
  if (command.args) return { values: command.args, given: JSON.stringify(command.args) };
  const text = await readJobArgsText(command.argsOption);
  if (!text && restart) return undefined;
  const values = command.def ? parseJobArgs(text, command.def) : parseArgsArray(text!);
  return { values, given: text ? quoted(text) : '[]' };
}

/** Start (or with --restart, resume) a workflow from a parsed command and return the result text. */
export async function runWorkflowCommand(command: WorkflowCommand): Promise<string> {
  const config = parseOptions(command.argv, { jobStore: command.jobStore, extraOptions: command.extraOptions });
  if (!config.restart && !command.def) {
    throw new ToilUsageError(
      "Name the job to start with --job <export of the module>; only --restart may leave it out, to resume the job store's workflow.",
    );
  }
  const args = await commandArgs(command, config.restart);
  if (config.restart) {
    // --restart resumes the stored workflow whatever the command says: what it says must be that workflow.
    const job = command.def && { name: command.def.name, given: command.jobGiven };
    await checkRestartClaims(config.jobStore, { module: command.workflowModule, job, args });
  }
  await using toil = await Toil.openConfig(config, {
    workflowModule: command.workflowModule,
    explicitOnRestart: command.argv,
    signal: command.signal,
    extraOptions: command.extraOptions,
    logger: command.logger,
    onProgress: command.onProgress,
  });
  return formatResult(toil.config.restart ? await toil.restart() : await toil.start(command.def!, ...args!.values));
}

/** Print a user-facing error as one line and exit; anything else keeps its stack (it is a bug). */
export function exitWithError(error: unknown): never {
  // A full disk anywhere (the job store, a log file) is a one-line error too, not a bug with a stack.
  error = NoSpaceLeftError.from(error) ?? error;
  if (ToilError.is(error) && error.userFacing) process.stderr.write(`toil: ${error.message}\n`);
  else process.stderr.write(`toil: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}

/** `Toil.main(def)`: `node workflow.js <jobStore> [options] --args '[...]'`. */
export async function runMain(def: JobDef, argv: string[]): Promise<void> {
  let interrupt: InterruptHandle | undefined;
  try {
    // Loaded here, not at the top: yargs costs ~0.1-0.2 s of every process that imports @toil/core (index.ts
    // imports this file), and only Toil.main parses a command line with it.
    const { default: yargs } = await import('yargs');
    const parsed = await yargs(argv)
      .scriptName(process.argv[1] ?? 'workflow')
      .command('$0 <jobStore>', `Run the workflow '${def.name}'.`, (y) =>
        addToilOptions(
          y
            .positional('jobStore', {
              type: 'string',
              demandOption: true,
              describe: "Job store: a path, or a locator like 'aws:us-west-2:my-prefix'",
            })
            .option('args', {
              type: 'string',
              nargs: 1,
              describe: `Arguments of '${def.name}' as a plain JSON array: inline, @<file.json>, or - (standard input)`,
            }),
        ),
      )
      .strict()
      .help()
      .parseAsync();
    const jobStore = String(parsed.jobStore);
    interrupt = stopOnInterrupt(jobStore);
    const out = await runWorkflowCommand({
      def,
      argsOption: parsed.args,
      argv: parsed as Record<string, unknown>,
      jobStore,
      workflowModule: process.argv[1],
      signal: interrupt.signal,
    });
    process.stdout.write(`${out}\n`);
  } catch (error) {
    // Whatever the leader threw while stopping for a signal, the signal is the news.
    interrupt?.exitIfInterrupted();
    exitWithError(error);
  }
}

setMainImplementation(runMain);
