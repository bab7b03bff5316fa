import { formatBytes } from '../requirements/bytes.js';
import { TOIL_OPTIONS } from './schema.js';
import { OPTION_GROUP_TITLES, type OptionSpec } from './spec.js';

export { mergeRestartOptions } from './restart.js';

/**
 * The fields of a yargs option description that Toil fills in. Declared here rather than taken from
 * `@types/yargs`, so @toil/core's published types need no yargs types: a workflow author who never builds a
 * command line has no reason to install them. A yargs `Argv` accepts it wherever it takes its `Options`.
 */
export interface YargsOptionDescription {
  describe?: string;
  group?: string;
  alias?: string[];
  defaultDescription?: string;
  string?: boolean;
  boolean?: boolean;
  number?: boolean;
  count?: boolean;
  array?: boolean;
  nargs?: number;
  requiresArg?: boolean;
  choices?: string[];
}

/** What addToilOptions needs of a yargs instance (any `Argv` has it), typed structurally for the same reason. */
export interface YargsLike {
  option(name: string, description: YargsOptionDescription): unknown;
}

/**
 * Register every workflow option (and backends' `extraOptions`) on a yargs instance, grouped and documented as
 * in Toil's `--help`, so `toil run` and `Toil.main` share one command line. Pass the parsed argv to parseOptions.
 *
 * No yargs defaults are set: argv then holds only what the user typed, which lets TOIL_<NAME> variables and
 * stored restart options fill the rest. Defaults still show in help. Numbers and sizes stay text until
 * parseOptions, so an error can quote what was typed. `--disableCaching` and `--defaultPreemptible` take an
 * optional true/false like Toil's (`nargs='?'`); `--writeLogs`/`--writeLogsGzip` take an optional path.
 */
export function addToilOptions<Y extends YargsLike>(y: Y, extraOptions: readonly OptionSpec[] = []): Y {
  for (const spec of [...TOIL_OPTIONS, ...extraOptions]) y.option(spec.name, yargsOption(spec));
  return y;
}

/** The yargs description of one option. */
export function yargsOption(spec: OptionSpec): YargsOptionDescription {
  const option: YargsOptionDescription = { describe: spec.help, group: OPTION_GROUP_TITLES[spec.group] };
  if (spec.aliases?.length) option.alias = [...spec.aliases];
  const shownDefault = defaultLabel(spec);
  if (shownDefault !== undefined) option.defaultDescription = shownDefault;
  switch (spec.type) {
    case 'boolean':
      // yargs' own booleans read only 'true'/'false' and turn `--flag=yes` into false; as text, parseOptions reads
      // Toil's parseBool words. A bare flag arrives as ''.
      if (spec.optionalValue) option.string = true;
      else option.boolean = true;
      break;
    case 'count':
      option.count = true;
      break;
    case 'list':
      Object.assign(option, { string: true, array: true, nargs: 1 });
      break;
    case 'choice':
      option.string = true;
      option.requiresArg = true;
      if (!spec.caseInsensitive && spec.choices) option.choices = [...spec.choices];
      break;
    case 'number':
      // Kept as text (string wins in the parser) while help still says [number].
      Object.assign(option, { string: true, number: true, requiresArg: true });
      break;
    case 'string':
    case 'bytes':
      option.string = true;
      if (!spec.optionalValue) option.requiresArg = true;
      break;
  }
  return option;
}

/** The default as Toil's help shows it: sizes as `2.0 Gi`, sys.maxsize-style limits as `unlimited`. */
export function defaultLabel(spec: OptionSpec): string | undefined {
  if (spec.defaultLabel !== undefined) return spec.defaultLabel;
  const value = spec.default;
  if (value === undefined) return undefined;
  if (value === Infinity) return 'unlimited';
  if (spec.type === 'bytes' && typeof value === 'number') return formatBytes(value);
  if (Array.isArray(value)) return value.length ? value.join(',') : '[]';
  if (typeof value === 'object' && value !== null) return Object.keys(value).length ? JSON.stringify(value) : undefined;
  return String(value);
}
