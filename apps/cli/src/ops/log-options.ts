import type { Argv } from 'yargs';
import { parseOptions } from '@toil/core';
import type { Logger } from '@toil/core/backend';
import { loggerForConfig, TOIL_OPTIONS, yargsOption } from '@toil/core/internal';

/**
 * Toil's logging options (`--logLevel`, `--logDebug`, ..., `--logFile`, `--logFormat`), which every utility accepts.
 */
const LOG_OPTIONS = TOIL_OPTIONS.filter((spec) => spec.group === 'logging' && spec.name !== 'rotatingLogging');

/** Register the logging options on a utility's command line, with the same names, help and checks as `toil run`. */
export function withLogOptions<T>(y: Argv<T>): Argv<T> {
  for (const spec of LOG_OPTIONS) y.option(spec.name, yargsOption(spec));
  return y;
}

/**
 * The utility's logger, at the level the logging options (or TOIL_LOGLEVEL) give. Parsing goes through the
 * workflow option parser so `--logLevel loud` fails with the same one-line message as in `toil run`.
 */
export function utilityLogger(argv: Record<string, unknown>, source: string): Logger {
  const raw = Object.fromEntries(
    LOG_OPTIONS.filter((spec) => argv[spec.name] !== undefined).map((spec) => [spec.name, argv[spec.name]]),
  );
  // The job store plays no part in the logging options; parseOptions only needs a syntactically valid one.
  const config = parseOptions(raw, { jobStore: 'file:/' });
  return loggerForConfig(config, source);
}
