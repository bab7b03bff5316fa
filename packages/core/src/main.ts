import yargs from 'yargs';
import { encode } from './codec/codec.js';
import { InvalidValueError, ToilError } from './errors.js';
import type { JobDef } from './job/define.js';
import { parseOptions } from './options/parse.js';
import type { OptionSpec } from './options/spec.js';
import { addToilOptions } from './options/yargs.js';
import { stopOnInterrupt, type InterruptHandle } from './interrupt.js';
import type { Logger } from './log/logger.js';
import type { LeaderProgress } from './leader/events.js';
import { setMainImplementation, Toil } from './toil.js';

/** Render a root job's result for stdout: JSON, with codec tags only for values JSON cannot carry. */
export function formatResult(value: unknown): string {
  return JSON.stringify(value === undefined ? null : encode(value, 'the workflow result'));
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

/** Parse `--args` (a JSON array), checking arity against the job's function. */
export function parseJobArgs(text: unknown, def: JobDef): unknown[] {
  let args: unknown;
  try {
    args = text === undefined ? [] : JSON.parse(String(text));
  } catch {
    throw new InvalidValueError('--args', text, `use a JSON array of the arguments of '${def.name}', e.g. --args '[10]'`);
  }
  if (!Array.isArray(args)) throw new InvalidValueError('--args', text, `use a JSON array of the arguments of '${def.name}', e.g. --args '[${JSON.stringify(args)}]'`);
  const declared = Math.max(0, def.fn.length - 1);
  const params = /^[^(]*\(([^)]*)\)/.exec(def.fn.toString())?.[1] ?? '';
  const flexible = params.includes('=') || params.includes('...');
  if (args.length < declared || (!flexible && args.length > declared)) {
    throw new InvalidValueError('--args', text, `job '${def.name}' takes ${declared} argument${declared === 1 ? '' : 's'} after its context, but ${args.length} ${args.length === 1 ? 'was' : 'were'} given`);
  }
  return args;
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
            .option('args', { type: 'string', describe: `JSON array of the arguments of '${def.name}'` }),
        ),
      )
      .strict()
      .help()
      .parseAsync();
    const jobStore = String(parsed.jobStore);
    interrupt = stopOnInterrupt(jobStore);
    const out = await runWorkflowCommand({
      def,
      args: parsed.restart ? [] : parseJobArgs(parsed.args, def),
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
