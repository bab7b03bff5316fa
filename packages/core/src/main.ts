import yargs from 'yargs';
import { printValue } from './codec/print.js';
import { ToilError } from './errors.js';
import { parseJobArgs, readJobArgsText } from './job-args.js';
import type { JobDef } from './job/define.js';
import { parseOptions } from './options/parse.js';
import type { OptionSpec } from './options/spec.js';
import { addToilOptions } from './options/yargs.js';
import { stopOnInterrupt, type InterruptHandle } from './interrupt.js';
import type { Logger } from './log/logger.js';
import type { LeaderProgress } from './leader/events.js';
import { setMainImplementation, Toil } from './toil.js';

export { parseJobArgs, readJobArgsText, type JobArgsText } from './job-args.js';

/** Render a root job's result for stdout: JSON when JSON carries it exactly, else as console.log shows it (see printValue). */
export function formatResult(value: unknown): string {
  return printValue(value);
}

/** A parsed `run`-style command: which job, with which arguments, on which config. */
export interface WorkflowCommand {
  def: JobDef;
  args: unknown[];
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

/** Start (or with --restart, resume) a workflow from a parsed command and return the result text. */
export async function runWorkflowCommand(command: WorkflowCommand): Promise<string> {
  const config = parseOptions(command.argv, { jobStore: command.jobStore, extraOptions: command.extraOptions });
  await using toil = await Toil.openConfig(config, {
    workflowModule: command.workflowModule,
    explicitOnRestart: command.argv,
    signal: command.signal,
    extraOptions: command.extraOptions,
    logger: command.logger,
    onProgress: command.onProgress,
  });
  const value = toil.config.restart ? await toil.restart() : await toil.start(command.def, ...command.args);
  return formatResult(value);
}

/** Print a user-facing error as one line and exit; anything else keeps its stack (it is a bug). */
export function exitWithError(error: unknown): never {
  if (ToilError.is(error) && error.userFacing) process.stderr.write(`toil: ${error.message}\n`);
  else process.stderr.write(`toil: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}

/** `Toil.main(def)`: `node workflow.js <jobStore> [options] --args '[...]'`. */
export async function runMain(def: JobDef, argv: string[]): Promise<void> {
  let interrupt: InterruptHandle | undefined;
  try {
    const parsed = await yargs(argv)
      .scriptName(process.argv[1] ?? 'workflow')
      .command('$0 <jobStore>', `Run the workflow '${def.name}'.`, (y) =>
        addToilOptions(
          y
            .positional('jobStore', { type: 'string', demandOption: true, describe: "Job store: a path, or a locator like 'aws:us-west-2:my-prefix'" })
            .option('args', { type: 'string', nargs: 1, describe: `Arguments of '${def.name}' as a plain JSON array: inline, @<file.json>, or - (standard input)` }),
        ),
      )
      .strict()
      .help()
      .parseAsync();
    const jobStore = String(parsed.jobStore);
    interrupt = stopOnInterrupt(jobStore);
    const out = await runWorkflowCommand({
      def,
      args: parsed.restart ? [] : parseJobArgs(await readJobArgsText(parsed.args), def),
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
