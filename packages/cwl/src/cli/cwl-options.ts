/**
 * The seed's CWL options that both command-line parsers share (`options.ts`, the fast one, and `toil-options.ts`,
 * with Toil's options): `--tmp-outdir-prefix`, `--preserve-environment VAR` and `--preserve-entire-environment`.
 * Checked here once, so both paths refuse the same bad values with the same line.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Argv } from 'yargs';

/** The values of the shared CWL options, as RunnerOptions holds them. */
export interface CwlOptionValues {
  /** `--tmp-outdir-prefix DIR`: an existing folder the tools' output folders are made in (default: the work root). */
  tmpOutdirPrefix: string | undefined;
  /** `--preserve-environment VAR` (repeatable): host variables a tool's environment keeps. */
  preserveEnvironment: string[];
  /** `--preserve-entire-environment`: a tool's environment starts from the whole host environment. */
  preserveEntireEnvironment: boolean;
}

/** Registers the shared CWL options on a yargs parser (the Toil path's). */
export function addCwlOptions<T>(y: Argv<T>): Argv<T> {
  return y
    .option('tmp-outdir-prefix', { type: 'string', describe: "Existing folder for the tools' output folders" })
    .option('preserve-environment', {
      // Not `array`: that would swallow the positionals after it; a repeated option becomes a list anyway.
      type: 'string',
      describe: 'Keep this host environment variable in tools (repeatable)',
    })
    .option('preserve-entire-environment', {
      type: 'boolean',
      default: false,
      describe: "Tools see the host's whole environment",
    });
}

/** Reads and checks the shared CWL options from parsed values (either parser's); a bad value throws `fail`'s error. */
export function cwlOptionValues(raw: Record<string, unknown>, fail: (message: string) => Error): CwlOptionValues {
  const prefix = raw['tmp-outdir-prefix'];
  if (prefix !== undefined && !isFolder(String(prefix))) {
    throw fail(`--tmp-outdir-prefix '${String(prefix)}' is not an existing folder; create it or name another.`);
  }
  const names = ([] as unknown[]).concat(raw['preserve-environment'] ?? []).map(String);
  // A variable name cannot hold '=' or be empty: `--preserve-environment A=1` is a mistake, not a name.
  const bad = names.find((n) => n === '' || n.includes('='));
  if (bad !== undefined) {
    throw fail(`--preserve-environment '${bad}' is not a variable name; give one name per option, e.g. HOME.`);
  }
  return {
    tmpOutdirPrefix: prefix === undefined ? undefined : resolve(String(prefix)),
    preserveEnvironment: names,
    preserveEntireEnvironment: raw['preserve-entire-environment'] === true,
  };
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
