import { inspect } from 'node:util';

/** Whether JSON carries `value` exactly: no -0, NaN, bigint, undefined, holes, Map, Date, class instance, ... */
function isPlainJson(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) return Object.keys(value).length === value.length && value.every(isPlainJson);
      const proto = Object.getPrototypeOf(value);
      return (proto === Object.prototype || proto === null) && Object.values(value).every(isPlainJson);
    }
    default:
      return false;
  }
}

/**
 * A workflow result as `toil run` prints it: JSON whenever JSON carries the value exactly (so scripts can parse
 * the usual case); otherwise as Node's console.log shows it, on one line and in full: `NaN`, `12n`,
 * `Map(1) { 1 => 'one' }`, `2024-01-01T00:00:00.000Z`, `undefined`. The codec's internal tags (`{"$t": ...}`)
 * never reach the user. A root job that returns nothing prints `null`. The value must be one the codec carries
 * (it was decoded from the job store), so its nesting is bounded (codec MAX_DEPTH).
 */
export function printValue(value: unknown): string {
  if (value === undefined) return 'null';
  if (isPlainJson(value)) return JSON.stringify(value);
  // compact + breakLength Infinity: one line at any depth, so the result stays one line of stdout.
  return inspect(value, {
    depth: Infinity,
    compact: Infinity,
    breakLength: Infinity,
    maxArrayLength: Infinity,
    maxStringLength: Infinity,
  });
}
