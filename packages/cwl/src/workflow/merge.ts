/**
 * Combining the sources of a workflow input or output: linkMerge (merge_nested, merge_flattened) and pickValue
 * (first_non_null, the_only_non_null, all_non_null).
 */
import { CwlToolFailedError } from '../errors.js';

/** The value of a link with `sources` values. */
export function mergeSources(values: unknown[], linkMerge: string | undefined, multiple: boolean): unknown {
  if (!multiple && linkMerge === undefined) return values[0] ?? null;
  if ((linkMerge ?? 'merge_nested') === 'merge_nested') return values;
  return values.flatMap((value) => (Array.isArray(value) ? value : [value]));
}

/** Applies pickValue to a merged value. */
export function pickValue(value: unknown, method: string | undefined, what: string): unknown {
  if (method === undefined) return value;
  const list = (Array.isArray(value) ? value : [value]).filter((v) => v !== null && v !== undefined);
  switch (method) {
    case 'first_non_null':
      if (list.length === 0) throw new CwlToolFailedError(`${what}: pickValue first_non_null found only nulls.`);
      return list[0];
    case 'the_only_non_null':
      if (list.length !== 1) {
        throw new CwlToolFailedError(`${what}: pickValue the_only_non_null found ${list.length} non-null values.`);
      }
      return list[0];
    case 'all_non_null':
      return list;
    default:
      throw new CwlToolFailedError(`${what}: unknown pickValue '${method}'.`);
  }
}
