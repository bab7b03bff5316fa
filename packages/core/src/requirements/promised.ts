import { encode, type Encoded } from '../codec/codec.js';
import { InvalidValueError } from '../errors.js';
import { Rv, type PromisedArgs } from '../job/promise.js';
import type { Requirements } from './requirements.js';

const PROMISED = Symbol.for('toil.PromisedRequirement');

/** The requirements a promise may compute: Toil's PromisedRequirement covers these three. */
export const PROMISABLE = ['cores', 'memory', 'disk'] as const;
/** One of {@link PROMISABLE}. */
export type PromisableRequirement = (typeof PROMISABLE)[number];

/**
 * A requirement whose figure comes from earlier jobs' results (Toil's `PromisedRequirement`): made with
 * {@link promisedRequirement}, given to `def.withRequirements({...})`, and resolved by the leader just before it
 * issues the job, so the batch system is asked for the real figure.
 */
export class PromisedRequirement {
  readonly [PROMISED] = true;

  constructor(
    /** Name of the {@link RequirementFn} applied to `args`; undefined when the single argument is the figure. */
    readonly fnName: string | undefined,
    /** Arguments, `rv()` promises among them. */
    readonly args: readonly unknown[],
  ) {}

  /** Cross-realm check. */
  static is(value: unknown): value is PromisedRequirement {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[PROMISED] === true;
  }
}

/**
 * A registered function that computes a requirement from promised values, made with `defineRequirement`. It is
 * registered by name (like a job) because the leader, not the job that adds the consumer, calls it.
 */
export interface RequirementFn<A extends unknown[] = unknown[]> {
  readonly name: string;
  /** Returns cores (a number), or bytes / a size string like `'2G'` for memory and disk. (A method, for bivariance.) */
  fn(...args: A): number | string;
}

/** Requirements of one call: {@link Requirements} where cores, memory and disk may be promised. */
export type CallRequirements = Omit<Requirements, PromisableRequirement> & {
  [K in PromisableRequirement]?: Requirements[K] | PromisedRequirement;
};

/**
 * A requirement taken from a promise, resolved when the job is issued:
 * ```ts
 * export const twiceSize = defineRequirement('twiceSize', (f: FileID) => 2 * f.size);
 * ctx.addChild(sort.withRequirements({ memory: promisedRequirement(twiceSize, download.rv()) }), download.rv());
 * ctx.addChild(align.withRequirements({ cores: promisedRequirement(plan.rv('cores')) }));
 * ```
 */
export function promisedRequirement(value: Rv<number> | Rv<string> | Rv<number | string>): PromisedRequirement;
export function promisedRequirement<A extends unknown[]>(
  fn: RequirementFn<A>,
  ...args: PromisedArgs<A>
): PromisedRequirement;
export function promisedRequirement(first: unknown, ...rest: unknown[]): PromisedRequirement {
  if (Rv.is(first) && rest.length === 0) return new PromisedRequirement(undefined, [first]);
  if (isRequirementFn(first)) return new PromisedRequirement(first.name, rest);
  throw new InvalidValueError(
    'promisedRequirement argument',
    typeof first,
    "pass an rv() whose value is the figure, or a function made with defineRequirement('name', fn) followed by its arguments",
  );
}

/** True for values made by `defineRequirement`. */
export function isRequirementFn(value: unknown): value is RequirementFn {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[Symbol.for('toil.RequirementFn')] === true
  );
}

/** Split call requirements into plain ones and the promised ones (undefined when there are none). */
export function splitPromised(req: CallRequirements): {
  plain: Requirements;
  promised?: Partial<Record<PromisableRequirement, PromisedRequirement>>;
} {
  const plain: Record<string, unknown> = { ...req };
  const promised: Partial<Record<PromisableRequirement, PromisedRequirement>> = {};
  for (const key of PROMISABLE) {
    const value = req[key];
    if (!PromisedRequirement.is(value)) continue;
    promised[key] = value;
    delete plain[key];
  }
  return Object.keys(promised).length ? { plain, promised } : { plain };
}

/**
 * Encode promised requirements for the job description, as `{ memory: [fnName | null, ...args] }`. Promises are
 * collected into `rvs` (the consumer's list, after its arguments'), so they get promise files owned by the job
 * exactly like promises in its arguments, and must obey the same ordering rule.
 */
export function encodePromised(
  promised: Partial<Record<PromisableRequirement, PromisedRequirement>>,
  rvs: Rv[],
  jobName: string,
): Encoded {
  const plain = Object.fromEntries(Object.entries(promised).map(([key, p]) => [key, [p.fnName ?? null, ...p.args]]));
  return encode(plain, `promised requirements of '${jobName}'`, {
    encodeSpecial(value) {
      if (!Rv.is(value)) return undefined;
      rvs.push(value);
      return { $t: 'rv', index: rvs.length - 1 };
    },
  });
}
