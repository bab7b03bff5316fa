import type { Argv } from 'yargs';

/**
 * yargs turns a non-array option given twice (`--keyPairName a --keyPairName b`) into an array, which the command
 * would then read as `'a,b'`: a key pair, zone or node type nobody meant. The cluster commands create cloud
 * resources, so guessing which one was meant (argparse's "last wins") is worse than asking: every option that takes
 * one value is refused when repeated, in one line naming it and its values.
 */

/** Why a repeated option is refused, quoting its values. */
export function repeatedOptionMessage(name: string, values: readonly unknown[]): string {
  const flag = name.length === 1 ? `-${name}` : `--${name}`;
  return `${flag} was given ${values.length} times (${values.map((v) => `'${String(v)}'`).join(', ')}): it takes one value, give it once.`;
}

/** The part of yargs' declared options this check reads: option names by type. */
interface DeclaredOptions {
  array: string[];
  string: string[];
  number: string[];
  boolean: string[];
}

/**
 * Refuse a repeated single-valued option on this command. The check reads the command's options when it runs, so
 * options registered after this call (the logging options) are covered too; array options (`-t/--tag`) are not.
 */
export function refuseRepeatedOptions<T>(y: Argv<T>): Argv<T> {
  return y.check((argv) => {
    // getOptions() is yargs' own record of the declared options (what --help prints from); its typings leave it out.
    const options = (y as unknown as { getOptions(): DeclaredOptions }).getOptions();
    const many = new Set([...options.array]);
    for (const name of [...options.string, ...options.number, ...options.boolean]) {
      if (many.has(name)) continue;
      const value = (argv as Record<string, unknown>)[name];
      // A string returned from a check is yargs' usage failure: the CLI prints it as one line and exits 2.
      if (Array.isArray(value) && value.length > 1) return repeatedOptionMessage(name, value);
    }
    return true;
  });
}
