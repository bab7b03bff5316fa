/**
 * `--args`: the root job's arguments as a plain JSON array, given inline, as `@path` (a JSON file) or as `-`
 * (standard input). Files and stdin get past the operating system's limit on one argument (128 KiB on Linux).
 * Plain JSON only: an object with a `"$t"` key is an object, never one of the codec's tags, so values JSON
 * cannot carry (bigint, Date, Map, ...) are built by the job from JSON (`BigInt(s)`, `new Date(s)`).
 */
import { readFile } from 'node:fs/promises';
import { InvalidValueError } from './errors.js';
import type { JobDef } from './job/define.js';

/** `--args` read from where it points: the JSON text, and how to quote the option in errors. */
export interface JobArgsText {
  text: string;
  /** The value as given (`@args.json`, `-`), or the inline text itself. */
  given: string;
  /** Where the text came from, for error messages: `the file args.json`, `standard input`, or undefined inline. */
  from?: string;
}

/** Read `--args`: inline text as it is, `@path` from that file, `-` from `stdin`. Undefined when not given. */
export async function readJobArgsText(
  value: unknown,
  stdin: AsyncIterable<Buffer | string> = process.stdin,
): Promise<JobArgsText | undefined> {
  if (value === undefined) return undefined;
  const given = String(value);
  if (given === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    return { text: Buffer.concat(chunks).toString('utf8'), given, from: 'standard input' };
  }
  if (!given.startsWith('@')) return { text: given, given };
  const path = given.slice(1);
  try {
    return { text: await readFile(path, 'utf8'), given, from: `the file ${path}` };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new InvalidValueError(
      '--args',
      given,
      `cannot read the file '${path}' (${code}); give --args @<path of a JSON file holding the array of arguments>, --args - to read it from standard input, or the array inline`,
    );
  }
}

/** Quote at most this much of an inline --args in an error: the value may be a whole data set. */
const QUOTE_LIMIT = 200;

/** Parse `--args` (a JSON array), checking arity against the job's function. */
export function parseJobArgs(input: string | JobArgsText | undefined, def: JobDef): unknown[] {
  const source: JobArgsText | undefined = typeof input === 'string' ? { text: input, given: input } : input;
  return checkArity(source ? parseArgsArray(source, `'${def.name}'`) : [], source ? quoted(source) : '[]', def);
}

/** `--args` as errors quote it: as given, cut to QUOTE_LIMIT characters. */
export function quoted(source: JobArgsText): string {
  return source.given.length > QUOTE_LIMIT ? `${source.given.slice(0, QUOTE_LIMIT)}...` : source.given;
}

/** Parse `--args` text as a JSON array (the arguments of `jobName`, for error messages), without an arity check. */
export function parseArgsArray(source: JobArgsText, jobName = 'the root job'): unknown[] {
  const where = source.from ? `${source.from} does not hold` : 'it is not';
  let args: unknown;
  try {
    args = JSON.parse(source.text);
  } catch (error) {
    throw new InvalidValueError(
      '--args',
      quoted(source),
      `${where} valid JSON (${(error as Error).message}); use a JSON array of the arguments of ${jobName}, e.g. --args '[10]'`,
    );
  }
  if (!Array.isArray(args))
    throw new InvalidValueError(
      '--args',
      quoted(source),
      `${where} a JSON array; use a JSON array of the arguments of ${jobName}, e.g. --args '[${JSON.stringify(args)}]'`,
    );
  return args;
}

/**
 * The job's function must take this many arguments after its context (defaults and rest parameters allow more or
 * fewer).
 */
function checkArity(args: unknown[], given: string, def: JobDef): unknown[] {
  const declared = Math.max(0, def.fn.length - 1);
  const params = /^[^(]*\(([^)]*)\)/.exec(def.fn.toString())?.[1] ?? '';
  const flexible = params.includes('=') || params.includes('...');
  if (args.length < declared || (!flexible && args.length > declared)) {
    throw new InvalidValueError(
      '--args',
      given,
      `job '${def.name}' takes ${declared} argument${declared === 1 ? '' : 's'} after its context, but ${args.length} ${args.length === 1 ? 'was' : 'were'} given`,
    );
  }
  return args;
}
