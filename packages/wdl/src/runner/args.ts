/**
 * The runner's command line. Most runs (the conformance harness, scripts) use only the runner's own options and
 * plain Toil options (`--logLevel WARNING`, `--maxCores 2`): those are read by node:util's parseArgs here. yargs
 * with its ~75 modules (yargs-parser, cliui, string-width, y18n...) cost about 0.1 s of CPU in every run, a sixth
 * of a one-task workflow, so it is loaded (`args-yargs.ts`) only for what this reader leaves to it: `--help`,
 * `--version`, Toil's count, list and optional-value options, kebab-case spellings, `--no-X` negations, a value
 * given twice, an unknown option or a bad choice, whose messages are then yargs' own. Both readers give the same
 * {@link RunnerArgs}, and Toil's values go to parseOptions as yargs gives them (no defaults filled in).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
// TOIL_OPTIONS is CLI machinery (internal): this is a CLI, as apps/cli is, and the table keeps the names, aliases
// and types of `toil run` without repeating them here.
import { TOIL_OPTIONS } from '@toil/core/internal';
import type { OutputDialect } from './results.js';

/** What the command line asks for, whichever reader read it. */
export interface RunnerArgs {
  /** The WDL document (first positional). */
  readonly wdl: string | undefined;
  /** An inputs JSON file (second positional). */
  readonly inputsFile: string | undefined;
  /** `-i`: inputs files or inline JSON, in order. */
  readonly inputs: string[];
  /** `-o`/`-m`: where to write the outputs JSON. */
  readonly outputFile: string | undefined;
  /** Layout of the outputs JSON. */
  readonly outputDialect: OutputDialect;
  /** Export the output files here. */
  readonly outputDirectory: string | undefined;
  /** Run this task alone. */
  readonly task: string | undefined;
  /** `none`: commands run on the host. */
  readonly container: 'auto' | 'none';
  /** single_machine jobs in this process. */
  readonly inProcessJobs: boolean;
  /** The job store, if given. */
  readonly jobStore: string | undefined;
  /** Toil's options as typed, for parseOptions. */
  readonly toil: Record<string, unknown>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** The runner's own options, as parseArgs reads them; `multiple` everywhere so that a repeat can be seen. */
const RUNNER_OPTIONS: Options = {
  input: { type: 'string', short: 'i', multiple: true },
  outputFile: { type: 'string', short: 'o', multiple: true },
  m: { type: 'string', short: 'm', multiple: true },
  outputDialect: { type: 'string', multiple: true },
  outputDirectory: { type: 'string', multiple: true },
  task: { type: 'string', multiple: true },
  container: { type: 'string', multiple: true },
  inProcessJobs: { type: 'boolean', multiple: true },
  jobStore: { type: 'string', multiple: true },
};

/** Toil option name (or long alias) → the option's name, for the options this reader takes. */
const toilNames = new Map<string, string>();
/** Names of Toil `choice` options taken here, with their values (case-sensitive ones only are checked by yargs). */
const toilChoices = new Map<string, readonly string[]>();

function toilTable(): Options {
  const table: Options = {};
  for (const spec of TOIL_OPTIONS) {
    if (spec.optionalValue || spec.implies) continue;
    let type: 'string' | 'boolean';
    if (spec.type === 'boolean') type = 'boolean';
    else if (['string', 'number', 'bytes', 'choice'].includes(spec.type)) type = 'string';
    else continue; // count and list options: yargs
    const short = spec.aliases?.find((a) => a.length === 1);
    for (const name of [spec.name, ...(spec.aliases ?? []).filter((a) => a.length > 1)]) {
      if (name in RUNNER_OPTIONS) continue;
      table[name] = { type, multiple: true, ...(short && name === spec.name ? { short } : {}) };
      toilNames.set(name, spec.name);
    }
    if (spec.type === 'choice' && !spec.caseInsensitive && spec.choices) toilChoices.set(spec.name, spec.choices);
  }
  return table;
}

let table: Options | undefined;

/** The command line read without yargs, or undefined when it needs yargs (see the module comment). */
export function parseRunnerArgsFast(argv: string[]): RunnerArgs | undefined {
  table ??= { ...toilTable(), ...RUNNER_OPTIONS };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options: table, allowPositionals: true, strict: true });
  } catch {
    return undefined;
  }
  const values = parsed.values as Record<string, Array<string | boolean> | undefined>;
  const one = (name: string): string | boolean | undefined => values[name]?.[0];
  for (const [name, list] of Object.entries(values)) if (name !== 'input' && (list?.length ?? 0) > 1) return undefined;
  if (values.outputFile && values.m) return undefined;
  const dialect = one('outputDialect') ?? 'cromwell';
  const container = one('container') ?? 'auto';
  if ((dialect !== 'cromwell' && dialect !== 'miniwdl') || (container !== 'auto' && container !== 'none'))
    return undefined;
  if (parsed.positionals.length > 2) return undefined;
  // Keyed by the name typed, with yargs' `_`, so that parseOptions reads it as it reads yargs' argv (aliases
  // included, and its messages name the option as typed).
  const toil: Record<string, unknown> = { _: [] };
  const seen = new Set<string>();
  for (const [name, list] of Object.entries(values)) {
    const target = toilNames.get(name);
    if (target === undefined || list === undefined) continue;
    if (seen.has(target)) return undefined; // an option and its alias: yargs says how it reads that
    seen.add(target);
    const choices = toilChoices.get(target);
    if (choices && !choices.includes(String(list[0]))) return undefined;
    toil[name] = list[0];
  }
  return {
    wdl: parsed.positionals[0],
    inputsFile: parsed.positionals[1],
    inputs: (values.input ?? []).map(String),
    outputFile: (one('outputFile') ?? one('m')) as string | undefined,
    outputDialect: dialect,
    outputDirectory: one('outputDirectory') as string | undefined,
    task: one('task') as string | undefined,
    container,
    inProcessJobs: (one('inProcessJobs') ?? true) as boolean,
    jobStore: one('jobStore') as string | undefined,
    toil,
  };
}

/** The command line: read here when it can be, else by yargs (loaded only then). */
export async function parseRunnerArgs(argv: string[]): Promise<RunnerArgs> {
  const fast = parseRunnerArgsFast(argv);
  if (fast !== undefined) return fast;
  const { parseRunnerArgsWithYargs } = await import('./args-yargs.js');
  return parseRunnerArgsWithYargs(argv);
}
