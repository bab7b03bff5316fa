/**
 * Splits a `toil-cwl-runner` command line into the runner's own arguments and the document's inputs given after
 * the document (`toil-cwl-runner [options] wf.cwl [job.yml] --numbers 1 --numbers 2 --marks .`), as cwltool and
 * Python Toil read them when no job file holds them.
 *
 * Hand-written rather than a parser library's: the options after the document exist only once the document is
 * loaded, and the document's position depends on which runner options before it take a value (`--jobStore js`),
 * so the split needs each token's kind; parseArgs and yargs then parse the runner's part as before.
 *
 * After the document, a name the document declares as an input is the document's (cwltool gives everything after
 * the document to the document), even if Toil has an option of that name: Toil's options still work before the
 * document. Any other runner or Toil option after the document stays the runner's, so `wf.cwl job.yml --outdir o`
 * works as it did.
 */
import type { Parameter } from '../model.js';
import { describeType, isPlainObject } from '../types/check.js';
import { isBooleanType, valueFromText, withoutNull } from './input-values.js';
import { UsageError } from './options.js';

/**
 * How a runner or Toil option reads its value: `flag` takes none, `value` takes the next token, `bool` takes a
 * following `true`/`false` (yargs' booleans do), `optional` takes the next token unless it is an option.
 */
export type OptionKind = 'flag' | 'value' | 'bool' | 'optional';

/** Raised when an option is not in the kinds given: the caller loads Toil's whole option table and tries again. */
export class NeedOptionTable extends Error {}

/** The runner's part of the command line and the document's inputs found after the document. */
export interface SplitArgs {
  /** Every argument but the document's inputs, for the runner's parsers. */
  runnerArgv: string[];
  /** The document's inputs given on the command line (empty when none). */
  inputs: Record<string, unknown>;
  /** `--help` came after the document: show the document's inputs. */
  help: boolean;
}

/**
 * The index of the document (the first positional) in `argv`, or -1. Throws NeedOptionTable for an option before
 * it that `kinds` does not know, since whether that option takes the next token decides where the document is.
 */
export function findDocument(argv: readonly string[], kinds: ReadonlyMap<string, OptionKind>): number {
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (token === '--') return i + 1 < argv.length ? i + 1 : -1;
    if (!token.startsWith('-') || token === '-') return i;
    i += valueTokens(argv, i, kinds);
  }
  return -1;
}

/** How many tokens after `argv[i]`, a runner or Toil option, are its value. */
function valueTokens(argv: readonly string[], i: number, kinds: ReadonlyMap<string, OptionKind>): number {
  const token = argv[i] as string;
  if (token.includes('=')) return 0;
  const kind = kinds.get(token.replace(/^--?/, ''));
  if (kind === undefined) throw new NeedOptionTable(token);
  const next = argv[i + 1];
  if (next === undefined || kind === 'flag') return 0;
  if (kind === 'value') return 1;
  if (kind === 'bool') return next === 'true' || next === 'false' ? 1 : 0;
  return next.startsWith('-') ? 0 : 1;
}

/**
 * Takes the document's inputs out of the arguments after `argv[doc]`, typed by `params`; relative paths resolve
 * against `cwd`. An option that is neither an input nor in `kinds` is refused in one line naming the inputs.
 */
export function splitDocumentArgs(
  argv: readonly string[],
  doc: number,
  params: readonly Parameter[],
  kinds: ReadonlyMap<string, OptionKind>,
  cwd: string,
): SplitArgs {
  const runnerArgv = argv.slice(0, doc + 1);
  const inputs: Record<string, unknown> = {};
  let help = false;
  for (let i = doc + 1; i < argv.length; i++) {
    const token = argv[i] as string;
    if (token === '--') {
      runnerArgv.push(...argv.slice(i)); // only positionals follow
      break;
    }
    if (!token.startsWith('--')) {
      runnerArgv.push(token);
      continue;
    }
    const eq = token.indexOf('=');
    const name = token.slice(2, eq === -1 ? undefined : eq);
    const inline = eq === -1 ? undefined : token.slice(eq + 1);
    const target = findInput(params, name);
    if (target !== undefined) {
      if (target.boolean) {
        const value = inline === undefined ? true : valueFromText(inline, 'boolean', `--${name}`, cwd);
        assign(inputs, target.path, target.negated ? !value : value, false);
        continue;
      }
      const text = inline ?? argv[++i];
      if (text === undefined) throw new UsageError(`--${name} needs a value (${describe(target.type)}).`);
      const items = arrayItems(target.type);
      if (items !== undefined && isCompound(withoutNull(items))) {
        // An array of arrays or of records has no command-line form (cwltool has none either).
        throw new UsageError(`--${name} is ${describeType(target.type)}; give it in a job file.`);
      }
      const value = valueFromText(text, items ?? target.type, `--${name}`, cwd);
      assign(inputs, target.path, value, items !== undefined);
    } else if (name === 'help') {
      help = true;
    } else if (kinds.has(name)) {
      const n = valueTokens(argv, i, kinds);
      runnerArgv.push(...argv.slice(i, i + 1 + n));
      i += n;
    } else {
      throw new NeedOptionTable(token);
    }
  }
  return { runnerArgv, inputs, help };
}

/** The one-line refusal of an option after the document that is neither one of its inputs nor the runner's. */
export function unknownAfterDocument(token: string, docRef: string, params: readonly Parameter[]): UsageError {
  const names = params.flatMap((p) => optionNames(p.id, p.type)).join(', ');
  return new UsageError(
    `Unknown option '${token.split('=')[0] ?? token}' after the document; ${docRef} has ` +
      `${params.length === 0 ? 'no inputs' : `the inputs ${names}`} (toil-cwl-runner ${docRef} --help lists them).`,
  );
}

/** `--name`, or `--rec.a, --rec.b` for a record: the options an input is given with. */
function optionNames(name: string, type: Parameter['type']): string[] {
  const bare = withoutNull(type);
  if (typeof bare === 'object' && !Array.isArray(bare) && bare.type === 'record') {
    return bare.fields.flatMap((field) => optionNames(`${name}.${field.name}`, field.type));
  }
  return [`--${name}`];
}

interface InputTarget {
  /** The input's name and then record field names. */
  path: string[];
  /** The type at the end of the path. */
  type: Parameter['type'];
  /** A boolean: a flag. */
  boolean: boolean;
  /** Given as `--no-NAME`. */
  negated: boolean;
}

/** `name`, `rec.field` (records, as cwltool names their fields) or `no-flag` resolved against the inputs. */
function findInput(params: readonly Parameter[], name: string): InputTarget | undefined {
  const found = resolvePath(params, name.split('.'));
  if (found !== undefined) return { ...found, boolean: isBooleanType(found.type), negated: false };
  if (!name.startsWith('no-')) return undefined;
  const negated = resolvePath(params, name.slice(3).split('.'));
  return negated !== undefined && isBooleanType(negated.type)
    ? { ...negated, boolean: true, negated: true }
    : undefined;
}

function resolvePath(
  params: readonly Parameter[],
  path: string[],
): { path: string[]; type: Parameter['type'] } | undefined {
  const param = params.find((p) => p.id === path[0]);
  if (param === undefined) return undefined;
  let type = param.type;
  for (const field of path.slice(1)) {
    const bare = withoutNull(type);
    const found =
      typeof bare === 'object' && !Array.isArray(bare) && bare.type === 'record'
        ? bare.fields.find((f) => f.name === field)
        : undefined;
    if (found === undefined) return undefined;
    type = found.type;
  }
  return { path, type };
}

/** The item type when `type` (optional or not) is an array, which the command line gives as a repeated option. */
function arrayItems(type: Parameter['type']): Parameter['type'] | undefined {
  const bare = withoutNull(type);
  return typeof bare === 'object' && !Array.isArray(bare) && bare.type === 'array' ? bare.items : undefined;
}

function describe(type: Parameter['type']): string {
  const items = arrayItems(type);
  return items === undefined ? 'one value' : 'one item per option, repeated for each';
}

/** An array or record schema (an enum or a union of names is one token's value). */
function isCompound(type: Parameter['type']): boolean {
  return typeof type === 'object' && !Array.isArray(type) && (type.type === 'array' || type.type === 'record');
}

/** Sets (or, for an array, appends) `value` at `path` inside `inputs`, making the records on the way. */
function assign(inputs: Record<string, unknown>, path: string[], value: unknown, append: boolean): void {
  let node = inputs;
  for (const key of path.slice(0, -1)) {
    if (!isPlainObject(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  const last = path[path.length - 1] as string;
  if (append) node[last] = [...(Array.isArray(node[last]) ? (node[last] as unknown[]) : []), value];
  else node[last] = value; // given twice: the last one wins, as argparse does
}

/**
 * The command line's inputs laid over a job file's (cwltool's order): a field given on the command line replaces
 * the job file's, and a record given field by field (`--rec.a 1`) keeps the job file's other fields.
 */
export function mergeInputs(job: Record<string, unknown>, given: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(given)) {
    const old = job[key];
    if (isPlainObject(value) && isPlainObject(old) && value.class === undefined && old.class === undefined) {
      mergeInputs(old, value);
    } else {
      job[key] = value;
    }
  }
}
