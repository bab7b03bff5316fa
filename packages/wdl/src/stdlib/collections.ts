/**
 * Array, Map and Pair functions: length, range, transpose, zip, cross, unzip, flatten, select_first, select_all,
 * defined, as_map, as_pairs, keys, values, collect_by_key, contains.
 */
import { WdlEvalError } from '../errors.js';
import { describe } from '../types/coerce.js';
import { V, valuesEqual, type WdlValue } from '../values.js';
import { arity, int, items } from './args.js';
import type { StdlibTable } from './types.js';

function entries(fn: string, v: WdlValue, pos: Parameters<StdlibTable[string]>[2]): Array<[WdlValue, WdlValue]> {
  if (v.t === 'map') return v.entries;
  if (v.t === 'object') return v.members.map(([k, x]) => [V.string(k), x]);
  throw new WdlEvalError(pos, `${fn}() needs a Map here, not ${describe(v)}`);
}

/** The collection functions. */
export const collectionFunctions: StdlibTable = {
  length: (args, _c, pos) => {
    arity('length', args, 1, 1, pos);
    const v = args[0];
    if (v.t === 'map') return V.int(v.entries.length);
    if (v.t === 'object') return V.int(v.members.length);
    if (v.t === 'string') return V.int([...v.v].length);
    return V.int(items('length', v, pos).length);
  },
  range: (args, _c, pos) => {
    arity('range', args, 1, 1, pos);
    const n = int('range', args[0], pos);
    if (n < 0) throw new WdlEvalError(pos, `range() needs a non-negative Int, not ${n}`);
    return V.array(Array.from({ length: n }, (_, i) => V.int(i)));
  },
  transpose: (args, _c, pos) => {
    arity('transpose', args, 1, 1, pos);
    const rows = items('transpose', args[0], pos).map((r) => items('transpose', r, pos));
    const width = rows[0]?.length ?? 0;
    if (rows.some((r) => r.length !== width)) throw new WdlEvalError(pos, 'transpose() needs rows of equal length');
    return V.array(Array.from({ length: width }, (_, j) => V.array(rows.map((r) => r[j]))));
  },
  zip: (args, _c, pos) => {
    arity('zip', args, 2, 2, pos);
    const a = items('zip', args[0], pos);
    const b = items('zip', args[1], pos);
    if (a.length !== b.length)
      throw new WdlEvalError(pos, `zip() needs arrays of equal length, not ${a.length} and ${b.length}`);
    return V.array(a.map((x, i) => V.pair(x, b[i])));
  },
  cross: (args, _c, pos) => {
    arity('cross', args, 2, 2, pos);
    const b = items('cross', args[1], pos);
    return V.array(items('cross', args[0], pos).flatMap((x) => b.map((y) => V.pair(x, y))));
  },
  unzip: (args, _c, pos) => {
    arity('unzip', args, 1, 1, pos);
    const pairs = items('unzip', args[0], pos).map((p) => (p.t === 'pair' ? p : V.pair(V.null, V.null)));
    return V.pair(
      V.array(pairs.map((p) => (p as { left: WdlValue }).left)),
      V.array(pairs.map((p) => (p as { right: WdlValue }).right)),
    );
  },
  flatten: (args, _c, pos) => {
    arity('flatten', args, 1, 1, pos);
    return V.array(items('flatten', args[0], pos).flatMap((x) => items('flatten', x, pos)));
  },
  select_first: (args, _c, pos) => {
    arity('select_first', args, 1, 2, pos);
    const found = items('select_first', args[0], pos).find((x) => x.t !== 'null');
    if (found !== undefined) return found;
    if (args[1] !== undefined) return args[1];
    throw new WdlEvalError(pos, 'select_first() found no defined value in its array');
  },
  select_all: (args, _c, pos) => {
    arity('select_all', args, 1, 1, pos);
    return V.array(items('select_all', args[0], pos).filter((x) => x.t !== 'null'));
  },
  defined: (args, _c, pos) => (arity('defined', args, 1, 1, pos), V.bool(args[0].t !== 'null')),
  as_pairs: (args, _c, pos) => {
    arity('as_pairs', args, 1, 1, pos);
    return V.array(entries('as_pairs', args[0], pos).map(([k, v]) => V.pair(k, v)));
  },
  as_map: (args, _c, pos) => {
    arity('as_map', args, 1, 1, pos);
    const out: Array<[WdlValue, WdlValue]> = [];
    for (const p of items('as_map', args[0], pos)) {
      if (p.t !== 'pair') throw new WdlEvalError(pos, `as_map() needs an Array of Pairs, not ${describe(p)}`);
      if (out.some(([k]) => valuesEqual(k, p.left)))
        throw new WdlEvalError(pos, `as_map(): duplicate key ${describe(p.left)}`);
      out.push([p.left, p.right]);
    }
    return V.map(out);
  },
  keys: (args, _c, pos) => (arity('keys', args, 1, 1, pos), V.array(entries('keys', args[0], pos).map(([k]) => k))),
  values: (args, _c, pos) => (
    arity('values', args, 1, 1, pos),
    V.array(entries('values', args[0], pos).map(([, v]) => v))
  ),
  collect_by_key: (args, _c, pos) => {
    arity('collect_by_key', args, 1, 1, pos);
    const out: Array<[WdlValue, WdlValue[]]> = [];
    for (const p of items('collect_by_key', args[0], pos)) {
      if (p.t !== 'pair') throw new WdlEvalError(pos, `collect_by_key() needs an Array of Pairs, not ${describe(p)}`);
      const hit = out.find(([k]) => valuesEqual(k, p.left));
      if (hit) hit[1].push(p.right);
      else out.push([p.left, [p.right]]);
    }
    return V.map(out.map(([k, vs]) => [k, V.array(vs)]));
  },
  contains: (args, _c, pos) => {
    arity('contains', args, 2, 2, pos);
    return V.bool(items('contains', args[0], pos).some((x) => valuesEqual(x, args[1])));
  },
};
