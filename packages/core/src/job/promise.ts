import type { PathElem } from '../jobstore/description.js';

const RV = Symbol.for('toil.Rv');

/**
 * A promise of (part of) a job's return value: `handle.rv()`, `handle.rv('key')`, `handle.rv(0)`. Pass it as an
 * argument to a successor of that job; the successor receives the real value. (Named `Rv` rather than Promise
 * so it never clashes with JavaScript's Promise.)
 */
export class Rv<T = unknown> {
  readonly [RV] = true;
  /** Phantom field that carries the promised type; never set. */
  declare readonly __type?: T;

  constructor(
    /** Temporary ID of the promising job within the job that created it. */
    readonly promisorTempId: string,
    /** Path into the return value. */
    readonly path: readonly PathElem[],
    /** Display name of the promising job, for error messages. */
    readonly promisorName: string,
  ) {}

  /** Cross-realm check. */
  static is(value: unknown): value is Rv {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[RV] === true;
  }
}

/** A value of type T, or a promise of one, at any depth of arrays and plain objects. */
export type Promised<T> =
  | T
  | Rv<T>
  | (T extends readonly (infer U)[] ? Promised<U>[] : never)
  | (T extends Record<string, unknown> ? { [K in keyof T]: Promised<T[K]> } : never);

/** Arguments of a job where each may be a promise. */
export type PromisedArgs<A extends unknown[]> = { [K in keyof A]: Promised<A[K]> };

/** The value a job's function produces once any returned promise is resolved. */
export type Unpromised<R> = R extends Rv<infer T> ? T : R;

/** Select `path` out of `value` (for promises with paths). Missing keys give undefined. */
export function selectPath(value: unknown, path: readonly PathElem[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || current === undefined) return undefined;
    if (current instanceof Map) current = current.get(key);
    else current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}
