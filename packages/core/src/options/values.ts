import { InvalidValueError, ToilUsageError } from '../errors.js';
import { convertValue } from './convert.js';
import { TOIL_OPTIONS } from './schema.js';
import type { OptionContext, OptionSpec } from './spec.js';

/**
 * Gathers option values from their sources: the raw options record (yargs output or an embedding program's
 * object) and `TOIL_<NAME>` environment variables. Values come out converted, keyed by option name.
 */

/** The core table plus backend options, indexed by every name they answer to. */
export interface OptionIndex {
  specs: readonly OptionSpec[];
  /** Name, alias or target field → spec. */
  byKey: ReadonlyMap<string, OptionSpec>;
  /** Canonical name → spec. */
  byName: ReadonlyMap<string, OptionSpec>;
  /** True for options of the core table (they fill WorkflowConfig fields; the rest fill `extra`). */
  isCore(spec: OptionSpec): boolean;
}

/** Converted values by option name, in the order they were given. */
export type OptionValues = Map<string, unknown>;

/** Index the core table with backend options; a name used twice is a programming error. */
export function indexOptions(extraOptions: readonly OptionSpec[] = []): OptionIndex {
  const specs = [...TOIL_OPTIONS, ...extraOptions];
  const byKey = new Map<string, OptionSpec>();
  const byName = new Map<string, OptionSpec>();
  for (const spec of specs) {
    for (const key of new Set([spec.name, ...(spec.aliases ?? []), ...(spec.target ? [spec.target] : [])])) {
      if (byKey.has(key))
        throw new ToilUsageError(
          `The option name '${key}' is defined twice; backend options must not reuse a Toil option name.`,
        );
      byKey.set(key, spec);
    }
    byName.set(spec.name, spec);
  }
  const core = new Set(TOIL_OPTIONS);
  return { specs, byKey, byName, isCore: (spec) => core.has(spec) };
}

/** The environment variable an option reads: `TOIL_` plus the upper-cased option name (`TOIL_DEFAULTMEMORY`). */
export function envVarName(spec: OptionSpec): string {
  return `TOIL_${spec.name.toUpperCase()}`;
}

/**
 * Values given in the raw record. yargs output (it has `$0` or `_`) is read by canonical name only, so yargs'
 * alias and kebab-case copies and the program's own options are skipped. A plain object may use names, aliases
 * or field names (`environment`), and an unknown key is an error naming the nearest options.
 */
export function collectExplicit(raw: Record<string, unknown>, index: OptionIndex, ctx: OptionContext): OptionValues {
  const fromYargs = '$0' in raw || Array.isArray(raw._);
  const values: OptionValues = new Map();
  const givenBy = new Map<string, string>();
  for (const [key, given] of Object.entries(raw)) {
    if (given === undefined || given === null) continue;
    const spec = fromYargs ? index.byName.get(key) : index.byKey.get(key);
    if (!spec) {
      if (fromYargs || key === 'jobStore') continue;
      throw unknownOption(key, index);
    }
    // A repeated flag reaches us from yargs as an array; as with argparse, the last one wins.
    const value = fromYargs && Array.isArray(given) && spec.type !== 'list' ? given[given.length - 1] : given;
    const what = key.length === 1 ? `-${key}` : `--${key}`;
    const converted = convertValue(spec, value, what, ctx);
    if (spec.implies) {
      if (converted !== true) continue;
      const target = index.byName.get(spec.implies.option);
      if (!target)
        throw new ToilUsageError(`Option --${spec.name} implies the unknown option --${spec.implies.option}.`);
      setOnce(values, givenBy, target.name, convertValue(target, spec.implies.value, what, ctx), what);
    } else {
      setOnce(values, givenBy, spec.name, converted, what);
    }
  }
  return values;
}

/** Values from `TOIL_<NAME>` variables, for options not in `skip`. Empty variables count as unset. */
export function collectEnv(
  env: NodeJS.ProcessEnv,
  index: OptionIndex,
  ctx: OptionContext,
  skip: ReadonlySet<string>,
): OptionValues {
  const values: OptionValues = new Map();
  for (const spec of index.specs) {
    if (spec.env === false || spec.implies || skip.has(spec.name)) continue;
    const name = envVarName(spec);
    const text = env[name];
    if (text === undefined || text === '') continue;
    values.set(spec.name, convertValue(spec, text, name, ctx));
  }
  return values;
}

/** Two spellings of one option in one source (`--logDebug --logLevel INFO`) must agree. */
function setOnce(values: OptionValues, givenBy: Map<string, string>, name: string, value: unknown, what: string): void {
  const earlier = givenBy.get(name);
  if (earlier !== undefined && JSON.stringify(values.get(name)) !== JSON.stringify(value)) {
    throw new InvalidValueError(
      what,
      value,
      `Contradicting options: ${earlier} already sets ${name} to ${JSON.stringify(values.get(name))}; give only one of them`,
    );
  }
  values.set(name, value);
  givenBy.set(name, what);
}

function unknownOption(key: string, index: OptionIndex): InvalidValueError {
  const near = nearNames(
    key,
    [...index.byKey.keys()].filter((k) => k.length > 1),
  );
  const hint = near.length
    ? `it is not a Toil option; did you mean ${near.join(', ')}?`
    : "it is not a Toil option; see 'toil run --help' for the options";
  return new InvalidValueError('option', key, hint);
}

/** Up to three names close to `key`: same letters in another case, one containing the other, or a few edits away. */
export function nearNames(key: string, names: readonly string[]): string[] {
  const lower = key.toLowerCase();
  const scored = names.map((name) => {
    const other = name.toLowerCase();
    const distance = editDistance(lower, other);
    const contains = lower.length >= 3 && (other.includes(lower) || lower.includes(other));
    return { name, score: distance <= Math.max(2, Math.floor(lower.length / 3)) ? distance : contains ? 50 : Infinity };
  });
  return scored
    .filter((s) => s.score !== Infinity)
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, 3)
    .map((s) => s.name);
}

// Hand-written: a dozen lines, and yargs keeps its own suggestion helper internal.
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
