import type { WorkflowConfig } from './config.js';

/**
 * The shape of one workflow option. The table in `schema.ts` is written with these; `parse.ts` reads it to
 * convert and validate values, and `yargs.ts` reads it to build the command line. Backends describe their own
 * options (`--parasolCommand`, ...) with the same shape; theirs land in `WorkflowConfig.extra`.
 */

/**
 * How a value is read.
 * - `string`: text as given.
 * - `number`: a number or numeric text; see {@link OptionSpec.integer}, the range fields and {@link
 * OptionSpec.unlimited}.
 * - `boolean`: a flag; text is read like Toil's parseBool (true/t/yes/y/on/1, false/f/no/n/off/0).
 * - `bytes`: a number of bytes or a size like `'2G'` or `'512Mi'` (see parseBytes).
 * - `choice`: one of {@link OptionSpec.choices}.
 * - `count`: how many times a flag was given (`-vvv`).
 * - `list`: a repeatable option; its value is an array of strings.
 */
export type OptionType = 'string' | 'number' | 'boolean' | 'bytes' | 'choice' | 'count' | 'list';

/** The help section an option is listed in. */
export type OptionGroup =
  'core' | 'logging' | 'batch' | 'autoscaling' | 'restart' | 'resources' | 'jobs' | 'services' | 'misc' | 'debug';

/** Section titles in `--help`, following Toil's argument-group titles. */
export const OPTION_GROUP_TITLES: Readonly<Record<OptionGroup, string>> = {
  core: 'Toil core options:',
  logging: 'Toil logging options:',
  batch: 'Toil options for specifying the batch system:',
  autoscaling: 'Toil options for autoscaling the cluster of worker nodes:',
  restart: 'Toil options for restarting an existing workflow:',
  resources: 'Toil options for cores/memory requirements:',
  jobs: 'Toil options for rescuing/killing/restarting jobs:',
  services: 'Toil options for limiting the number of service jobs and detecting service deadlocks:',
  misc: 'Toil miscellaneous options:',
  debug: 'Toil debug options:',
};

/** What custom parsers and validators may consult besides the value. */
export interface OptionContext {
  /** Directory that relative paths are resolved against. */
  cwd: string;
  /** Environment used for `--setEnv NAME` look-ups. */
  env: NodeJS.ProcessEnv;
}

/** One workflow option. */
export interface OptionSpec {
  /** Toil's name, without dashes: `defaultMemory` for `--defaultMemory`. Also the key in the object form. */
  name: string;
  /** Other accepted names: `defaultPreemptable`, or a one-letter `e` for `-e`. */
  aliases?: readonly string[];
  type: OptionType;
  /** Allowed values of a `choice` option, as written in help. */
  choices?: readonly string[];
  /** Accept a `choice` in any case (`--logLevel debug`); yargs then leaves the check to the parser. */
  caseInsensitive?: boolean;
  /** The parsed default (the value in WorkflowConfig). Undefined means the field stays unset unless given. */
  default?: unknown;
  /** How help shows the default when the plain value would mislead (`onSuccess, or never with --stats`). */
  defaultLabel?: string;
  group: OptionGroup;
  /** One paragraph of help, as `--help` prints it. */
  help: string;
  /** `number`: reject fractions. */
  integer?: boolean;
  /** `number`/`bytes`: smallest allowed value (inclusive). */
  min?: number;
  /** `number`/`bytes`: values must be greater than this. */
  moreThan?: number;
  /** `number`/`bytes`: values must be less than this. */
  lessThan?: number;
  /** `number`/`bytes`: also accept `'unlimited'`, `'inf'`, `Infinity` (and Python's sys.maxsize), meaning no limit. */
  unlimited?: boolean;
  /**
   * The flag may be given without a value, like argparse's `nargs='?'`: a bare `boolean` means true and also
   * takes `--flag false`; a bare `string` takes {@link bareValue}.
   */
  optionalValue?: boolean;
  /** The value of a bare optional-value `string` option (`--writeLogs` alone means the current directory). */
  bareValue?: (ctx: OptionContext) => unknown;
  /** `list`: also split each item at this separator (`--defaultAccelerators gpu,cuda:2`). */
  separator?: string;
  /**
   * Read `TOIL_<NAME>` (upper-cased name, e.g. `TOIL_RETRYCOUNT`) from the environment when the option is not
   * given. Default true; false where the variable would clash with another meaning or make no sense.
   */
  env?: boolean;
  /** The WorkflowConfig field this option fills, when it differs from `name` (`setEnv` fills `environment`). */
  target?: keyof WorkflowConfig;
  /** A shorthand flag for another option's value: `--logDebug` means `--logLevel DEBUG`. Fills nothing itself. */
  implies?: { option: string; value: unknown };
  /** Replaces the type's conversion entirely; throw InvalidValueError for bad input. */
  parse?: (value: unknown, what: string, ctx: OptionContext) => unknown;
  /** Maps a converted value to its stored form (`WARN` to `WARNING`). */
  normalize?: (value: unknown, ctx: OptionContext) => unknown;
  /** Extra check after conversion: return true if fine, else a hint saying what would work. */
  validate?: (value: unknown, ctx: OptionContext) => true | string;
}
