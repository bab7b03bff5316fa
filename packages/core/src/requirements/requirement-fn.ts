import { InvalidValueError } from '../errors.js';
import type { RequirementFn } from './promised.js';

const REGISTRY_KEY = Symbol.for('toil.requirementFns');

/** Name → function, shared by every copy of this package in the process (bundles may carry their own). */
function registry(): Map<string, RequirementFn> {
  const g = globalThis as unknown as Record<symbol, Map<string, RequirementFn>>;
  g[REGISTRY_KEY] ??= new Map();
  return g[REGISTRY_KEY];
}

/**
 * Define a function that computes a requirement from promised values, for `promisedRequirement(fn, ...rvs)`.
 * Define it at module top level, like a job: the leader looks it up by name when it issues the consumer, after
 * loading the workflow module. A later definition under the same name replaces an earlier one, as a bundle load
 * replaces the natively imported module's (whose source esbuild reprinted, so sources cannot be compared).
 * ```ts
 * export const twiceSize = defineRequirement('twiceSize', (f: FileID) => 2 * f.size);
 * ```
 */
export function defineRequirement<A extends unknown[]>(
  name: string,
  fn: (...args: A) => number | string,
): RequirementFn<A> {
  if (typeof name !== 'string' || !/^[A-Za-z_$][\w$.:/-]*$/.test(name)) {
    throw new InvalidValueError('requirement function name', name, 'use an identifier-like string such as "twiceSize"');
  }
  if (typeof fn !== 'function')
    throw new InvalidValueError(
      `function for requirement '${name}'`,
      typeof fn,
      'pass a function (...values) => number or size string',
    );
  const def = Object.freeze({ name, fn, [Symbol.for('toil.RequirementFn')]: true });
  registry().set(name, def as RequirementFn);
  return def;
}

/** @internal The requirement function registered under `name`, if any. */
export function findRequirementFn(name: string): RequirementFn | undefined {
  return registry().get(name);
}
