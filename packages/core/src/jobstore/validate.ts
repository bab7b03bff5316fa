import type { JobDescription } from './description.js';

/**
 * Checks that a stored job record is what Toil wrote, before anything acts on it: a record with a missing or
 * wrongly-typed field would otherwise fail somewhere deep in the leader with a TypeError naming no file, or be
 * acted on (a non-array `successors` reads as "no successors" and the job's subtree is silently dropped).
 *
 * Hand-written rather than a zod schema: every job of a workflow is loaded through here (100,000s per run, in
 * the leader and in every worker), it checks a dozen fields, and it keeps zod out of @toil/core's start-up.
 */

/** The outcome of reading a stored record: the description, or what is wrong with it. */
export type ParsedJobRecord = { ok: true; job: JobDescription } | { ok: false; problem: string };

/** Parse and check a job record's text. `expectedId` is the ID the record is stored under. */
export function parseJobDescription(text: string, expectedId: string): ParsedJobRecord {
  if (text.length === 0) return { ok: false, problem: 'is empty (a truncated job record)' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      problem: `is not valid JSON (${oneLine((error as Error).message)}): a truncated or garbled job record`,
    };
  }
  const problem = jobDescriptionProblem(value, expectedId);
  return problem === undefined ? { ok: true, job: value as JobDescription } : { ok: false, problem };
}

type Check = (v: unknown) => boolean;

const isString: Check = (v) => typeof v === 'string';
const isBoolean: Check = (v) => typeof v === 'boolean';
const isCount: Check = (v) => Number.isInteger(v) && (v as number) >= 0;
/** Tries can drop below zero only by bookkeeping, never by damage; any integer is what Toil wrote. */
const isInteger: Check = (v) => Number.isInteger(v);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const arrayOf =
  (item: Check): Check =>
  (v) =>
    Array.isArray(v) && v.every(item);
const isPath: Check = arrayOf((e) => typeof e === 'string' || Number.isInteger(e));
const hasFields = (fields: Record<string, Check>, optional: Record<string, Check> = {}): Check => {
  const required = Object.entries(fields);
  const maybe = Object.entries(optional);
  return (v) =>
    isRecord(v) &&
    required.every(([k, check]) => check(v[k])) &&
    maybe.every(([k, check]) => v[k] === undefined || check(v[k]));
};
const isNumber: Check = (v) => typeof v === 'number' && !Number.isNaN(v);

/** Required fields of a description and their checks (`args` is any encoded value, so it only has to be there). */
const REQUIRED: [string, Check][] = Object.entries({
  id: isString,
  name: isString,
  displayName: isString,
  args: (v) => v !== undefined,
  requirements: hasFields({
    cores: isNumber,
    memory: isNumber,
    disk: isNumber,
    accelerators: Array.isArray,
    preemptible: isBoolean,
  }),
  done: isBoolean,
  successors: arrayOf(arrayOf(isString)),
  predecessorCount: isCount,
  remainingTries: isInteger,
  promises: arrayOf(hasFields({ path: isPath, fileId: isString })),
  services: arrayOf(hasFields({ hostId: isString }, { parentHostId: isString })),
} satisfies Record<string, Check>);

/** Optional fields: absent, or of this shape. */
const OPTIONAL: [string, Check][] = Object.entries({
  checkpoint: hasFields({ args: (v) => v !== undefined }),
  promisedRequirements: isRecord,
  service: hasFields({ startFlagId: isString, terminateFlagId: isString, errorFlagId: isString }),
  logFileId: isString,
  filesToDelete: arrayOf(isString),
} satisfies Record<string, Check>);

/**
 * What is wrong with a parsed job record, or undefined when it is a valid description stored under
 * `expectedId`. The answer names the first bad field and what it holds.
 */
export function jobDescriptionProblem(value: unknown, expectedId: string): string | undefined {
  if (!isRecord(value)) return `is not a job record (it holds ${preview(value)}, not a JSON object)`;
  // A newer Toil's record is not damage: say so instead of listing fields this version does not know.
  if (value.v !== 1)
    return `has record version ${preview(value.v)}; this Toil reads version 1 (a newer Toil wrote it, or it is garbled)`;
  for (const [field, check] of REQUIRED) {
    if (value[field] === undefined) return `has no '${field}' field`;
    if (!check(value[field])) return `has a wrongly-typed '${field}' field (${preview(value[field])})`;
  }
  for (const [field, check] of OPTIONAL) {
    if (value[field] !== undefined && !check(value[field]))
      return `has a wrongly-typed '${field}' field (${preview(value[field])})`;
  }
  if (value.id !== expectedId) return `holds the job ID ${preview(value.id)} instead of '${expectedId}'`;
  return undefined;
}

/** A short quote of a value for a one-line message. */
function preview(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** An error message on one line (JSON.parse quotes the bad text, newlines included). */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
