/** A scheduler command line split into options and operands, as a fake scheduler's adapter reads it. */
export interface FakeArgs {
  /** Each option's values in order (`-l a -l b` → `['a', 'b']`); flags without a value get `''`. */
  options: Map<string, string[]>;
  /** Operands (job IDs, a script path, ...), in order. */
  operands: string[];
}

/**
 * Split `argv` (without the command name) the way scheduler clients read it: options listed in `valued` take the
 * next argument (or the text after `=` for `-opt=value` styles), other dash arguments are flags, the rest are
 * operands. Unknown options are kept, so an adapter can refuse them the way the real command would.
 */
export function parseFakeArgs(argv: readonly string[], valued: readonly string[]): FakeArgs {
  const options = new Map<string, string[]>();
  const operands: string[] = [];
  const add = (name: string, value: string) => options.set(name, [...(options.get(name) ?? []), value]);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    if (arg.startsWith('-') && eq > 0 && valued.includes(arg.slice(0, eq))) add(arg.slice(0, eq), arg.slice(eq + 1));
    else if (valued.includes(arg) && i + 1 < argv.length) add(arg, argv[++i]);
    else if (arg.startsWith('-') && arg.length > 1) add(arg, '');
    else operands.push(arg);
  }
  return { options, operands };
}

/** The last value of an option, or undefined. */
export function lastOption(args: FakeArgs, name: string): string | undefined {
  return args.options.get(name)?.at(-1);
}
