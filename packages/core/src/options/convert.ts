import { InvalidValueError } from '../errors.js';
import { parseBytes } from '../requirements/bytes.js';
import type { OptionContext, OptionSpec } from './spec.js';

/**
 * Turns one raw option value (text from the command line or the environment, or a typed value from an embedding
 * program) into its WorkflowConfig form, following the option's spec. Every failure is an InvalidValueError that
 * quotes the value and says what would work.
 */

const TRUE_WORDS = ['true', 't', 'yes', 'y', 'on', '1'];
const FALSE_WORDS = ['false', 'f', 'no', 'n', 'off', '0'];
/** Spellings of "no limit"; Python Toil's default for these options was sys.maxsize. */
const UNLIMITED_WORDS = /^(unlimited|inf|infinity)$/i;
/** Values this large come from Python configs meaning sys.maxsize (9223372036854775807). */
const PY_MAXSIZE = 2 ** 63 - 1;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;
const SIZE_EXAMPLES = "a number of bytes or a size like '512M', '2G', '1.5Gi' or '100KB'";

/** Toil's parseBool: true/t/yes/y/on/1 and false/f/no/n/off/0, any case. Undefined for anything else. */
export function parseBool(text: string): boolean | undefined {
  const lower = text.trim().toLowerCase();
  if (TRUE_WORDS.includes(lower)) return true;
  if (FALSE_WORDS.includes(lower)) return false;
  return undefined;
}

/** What a valid value of this option looks like, for error messages. */
export function acceptedValues(spec: OptionSpec): string {
  switch (spec.type) {
    case 'boolean':
      return 'use true or false (also yes/no, on/off, 1/0)';
    case 'choice':
      return `use one of: ${(spec.choices ?? []).join(', ')}`;
    case 'count':
      return 'use a whole number of at least 0';
    case 'list':
      return spec.separator ? `use a list of values separated by '${spec.separator}'` : 'use a list of strings';
    case 'string':
      return spec.optionalValue ? 'use a path, or give the flag alone' : 'use a string';
    case 'bytes':
      return `use ${SIZE_EXAMPLES}${spec.unlimited ? ", or 'unlimited'" : ''}`;
    case 'number':
      return `use a ${spec.integer ? 'whole number' : 'number'}${rangeText(spec)}${spec.unlimited ? ", or 'unlimited'" : ''}`;
  }
}

/** ` of at least 0 and below 1`, ` greater than 0`, or ''. */
function rangeText(spec: OptionSpec): string {
  const limits: string[] = [];
  if (spec.min !== undefined) limits.push(`of at least ${spec.min}`);
  if (spec.moreThan !== undefined) limits.push(`greater than ${spec.moreThan}`);
  if (spec.lessThan !== undefined) limits.push(`below ${spec.lessThan}`);
  return limits.length ? ` ${limits.join(' and ')}` : '';
}

/**
 * Convert, normalize and validate one value. `what` names its source in messages (`--retryCount`,
 * `TOIL_RETRYCOUNT`). Returns undefined for an optional-value option turned off (`writeLogs: false`).
 */
export function convertValue(spec: OptionSpec, value: unknown, what: string, ctx: OptionContext): unknown {
  const converted = spec.parse ? spec.parse(value, what, ctx) : convertByType(spec, value, what, ctx);
  if (converted === undefined) return undefined;
  const normalized = spec.normalize ? spec.normalize(converted, ctx) : converted;
  const verdict = spec.validate ? spec.validate(normalized, ctx) : true;
  if (verdict !== true) throw new InvalidValueError(what, value, verdict);
  return normalized;
}

function convertByType(spec: OptionSpec, value: unknown, what: string, ctx: OptionContext): unknown {
  const fail = (): never => {
    throw new InvalidValueError(what, value, acceptedValues(spec));
  };
  switch (spec.type) {
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      if (value === '') return true; // a bare optional-value flag
      if (value === 1 || value === 0) return value === 1;
      return (typeof value === 'string' ? parseBool(value) : undefined) ?? fail();
    }
    case 'string': {
      if (spec.optionalValue) {
        if (value === '' || value === true) return spec.bareValue ? spec.bareValue(ctx) : '';
        if (value === false) return undefined;
      }
      return typeof value === 'string' ? value : fail();
    }
    case 'choice': {
      if (typeof value !== 'string') return fail();
      const choices = spec.choices ?? [];
      const match = spec.caseInsensitive
        ? choices.find((c) => c.toLowerCase() === value.trim().toLowerCase())
        : choices.find((c) => c === value);
      return match ?? fail();
    }
    case 'count': {
      if (typeof value === 'boolean') return value ? 1 : 0;
      const n =
        typeof value === 'number'
          ? value
          : typeof value === 'string' && DECIMAL.test(value.trim())
            ? Number(value)
            : NaN;
      return Number.isInteger(n) && n >= 0 ? n : fail();
    }
    case 'list':
      return toList(spec, value) ?? fail();
    case 'number':
      return checkRange(spec, toNumber(spec, value)) ?? fail();
    case 'bytes': {
      const bytes = toBytes(spec, value) ?? fail();
      const checked = checkRange(spec, bytes);
      if (checked !== undefined) return checked;
      throw new InvalidValueError(
        what,
        value,
        `use a size${rangeText(spec)} ${spec.min === 1 ? 'byte' : 'bytes'}${spec.unlimited ? ", or 'unlimited'" : ''}`,
      );
    }
  }
}

function toList(spec: OptionSpec, value: unknown): string[] | undefined {
  const items = Array.isArray(value) ? value : [value];
  if (!items.every((item): item is string => typeof item === 'string')) return undefined;
  if (!spec.separator) return [...items];
  return items
    .flatMap((item) => item.split(spec.separator as string))
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function toNumber(spec: OptionSpec, value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isNaN(value) ? undefined : value;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (spec.unlimited && UNLIMITED_WORDS.test(text)) return Infinity;
  return DECIMAL.test(text) ? Number(text) : undefined;
}

function toBytes(spec: OptionSpec, value: unknown): number | undefined {
  if (spec.unlimited && (value === Infinity || (typeof value === 'string' && UNLIMITED_WORDS.test(value.trim()))))
    return Infinity;
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  try {
    return parseBytes(value);
  } catch {
    return undefined;
  }
}

/** Apply integer and range rules; undefined when the value breaks one. Python's sys.maxsize reads as unlimited. */
function checkRange(spec: OptionSpec, n: number | undefined): number | undefined {
  if (n === undefined) return undefined;
  const value = spec.unlimited && n >= PY_MAXSIZE ? Infinity : n;
  if (!Number.isFinite(value) && !(spec.unlimited && value === Infinity)) return undefined;
  if (spec.integer && Number.isFinite(value) && !Number.isInteger(value)) return undefined;
  if (spec.min !== undefined && !(value >= spec.min)) return undefined;
  if (spec.moreThan !== undefined && !(value > spec.moreThan)) return undefined;
  if (spec.lessThan !== undefined && !(value < spec.lessThan)) return undefined;
  return value;
}
