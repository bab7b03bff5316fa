/**
 * The standard library's signatures for the static checker: each function takes the argument types and returns
 * its result type or a problem (`needs an Array, not Int`). Polymorphic functions (zip, select_first, as_map...)
 * compute the result from the arguments. Arity is checked first from the table's `min`/`max`.
 */
import { isAny, mismatch, type CoerceRules } from './check-coerce.js';
import { Ty, typeToString, withOpt, type WdlType } from './types.js';

/** A function's signature: arity and a rule from argument types to a result type or a problem. */
interface Signature {
  readonly min: number;
  readonly max: number;
  /** The result type, or a string saying what is wrong with the arguments. */
  readonly result: (args: WdlType[], rules: CoerceRules) => WdlType | string;
}

const prim = (name: 'Int' | 'Float' | 'Boolean' | 'String' | 'File' | 'Object', opt = false): WdlType => ({
  k: 'prim',
  name,
  opt,
});
const arr = (item: WdlType): WdlType => Ty.array(item);
const pair = (left: WdlType, right: WdlType): WdlType => ({ k: 'Pair', left, right, opt: false });
const map = (key: WdlType, value: WdlType): WdlType => ({ k: 'Map', key, value, opt: false });
const ANY: WdlType = { k: 'Any', opt: false };

/** Fixed parameter types and a fixed result. */
function fixed(params: WdlType[], result: WdlType, optional = 0): Signature {
  return {
    min: params.length - optional,
    max: params.length,
    result: (args, rules) => {
      for (let i = 0; i < args.length; i++) {
        const problem = mismatch(args[i], params[i], rules);
        if (problem !== undefined) return `argument ${i + 1} ${problem}`;
      }
      return result;
    },
  };
}

/** The item type of an Array argument (Any for an unknown one), or a problem. */
function itemOf(t: WdlType, rules: CoerceRules, what = 'an Array'): WdlType | string {
  if (isAny(t)) return ANY;
  if (t.opt && rules.strictOptional) return `needs ${what}, not the optional ${typeToString(t)}`;
  return t.k === 'Array' ? t.item : `needs ${what}, not ${typeToString(t)}`;
}

/** Both halves of an Array[Pair[L, R]] argument's items. */
function pairOf(t: WdlType, rules: CoerceRules): [WdlType, WdlType] | string {
  const item = itemOf(t, rules, 'an Array of Pairs');
  if (typeof item === 'string') return item;
  if (isAny(item)) return [ANY, ANY];
  return item.k === 'Pair' ? [item.left, item.right] : `needs an Array of Pairs, not ${typeToString(t)}`;
}

/** Key and value types of a Map argument (Object and structs count, with String keys). */
function mapOf(t: WdlType, rules: CoerceRules): [WdlType, WdlType] | string {
  if (isAny(t)) return [ANY, ANY];
  if (t.opt && rules.strictOptional) return `needs a Map, not the optional ${typeToString(t)}`;
  if (t.k === 'Map') return [t.key, t.value];
  if (t.k === 'Struct' || (t.k === 'prim' && t.name === 'Object')) return [Ty.String, ANY];
  return `needs a Map, not ${typeToString(t)}`;
}

const numeric = (t: WdlType) => isAny(t) || (t.k === 'prim' && (t.name === 'Int' || t.name === 'Float'));

/** min/max: Int when both are Int, else Float. */
const minMax: Signature = {
  min: 2,
  max: 2,
  result: (args) => {
    if (!args.every(numeric)) return `needs two numbers, not ${args.map(typeToString).join(' and ')}`;
    return args.every((a) => a.k === 'prim' && a.name === 'Int') ? Ty.Int : Ty.Float;
  },
};

/** A Map with a key that is not a String (or a Pair's Map member) anywhere inside: write_json cannot write it. */
function jsonProblem(t: WdlType): string | undefined {
  switch (t.k) {
    case 'Map':
      if (!isAny(t.key) && !(t.key.k === 'prim' && (t.key.name === 'String' || t.key.name === 'File')))
        return `a Map with ${typeToString(t.key)} keys cannot be written as JSON (JSON object keys are Strings)`;
      return jsonProblem(t.value);
    case 'Array':
      return jsonProblem(t.item);
    case 'Pair':
      return jsonProblem(t.left) ?? jsonProblem(t.right);
    case 'Struct':
      return t.members.map(([, m]) => jsonProblem(m)).find((p) => p !== undefined);
    default:
      return undefined;
  }
}

/** Every function of the standard library with a signature, by name. */
export const SIGNATURES: Record<string, Signature> = {
  floor: fixed([Ty.Float], Ty.Int),
  ceil: fixed([Ty.Float], Ty.Int),
  round: fixed([Ty.Float], Ty.Int),
  min: minMax,
  max: minMax,
  sub: fixed([Ty.String, Ty.String, Ty.String], Ty.String),
  basename: fixed([Ty.String, Ty.String], Ty.String, 1),
  sep: fixed([Ty.String, arr(Ty.String)], Ty.String),
  join: fixed([Ty.String, arr(Ty.String)], Ty.String),
  prefix: fixed([Ty.String, arr(Ty.String)], arr(Ty.String)),
  suffix: fixed([Ty.String, arr(Ty.String)], arr(Ty.String)),
  quote: fixed([arr(Ty.String)], arr(Ty.String)),
  squote: fixed([arr(Ty.String)], arr(Ty.String)),
  length: {
    min: 1,
    max: 1,
    result: ([t], rules) => {
      if (t.k === 'Map' || t.k === 'Struct' || (t.k === 'prim' && (t.name === 'String' || t.name === 'Object')))
        return Ty.Int;
      const item = itemOf(t, rules);
      return typeof item === 'string' ? item : Ty.Int;
    },
  },
  range: fixed([Ty.Int], arr(Ty.Int)),
  transpose: {
    min: 1,
    max: 1,
    result: ([t], rules) => {
      const row = itemOf(t, rules, 'an Array of Arrays');
      if (typeof row === 'string') return row;
      const cell = itemOf(row, rules, 'an Array of Arrays');
      return typeof cell === 'string' ? cell : arr(arr(cell));
    },
  },
  zip: zipLike(),
  cross: zipLike(),
  unzip: {
    min: 1,
    max: 1,
    result: ([t], rules) => {
      const p = pairOf(t, rules);
      return typeof p === 'string' ? p : pair(arr(p[0]), arr(p[1]));
    },
  },
  flatten: {
    min: 1,
    max: 1,
    result: ([t], rules) => {
      const row = itemOf(t, rules, 'an Array of Arrays');
      if (typeof row === 'string') return row;
      const cell = itemOf(row, rules, 'an Array of Arrays');
      return typeof cell === 'string' ? cell : arr(cell);
    },
  },
  select_first: {
    min: 1,
    max: 1,
    result: ([t], rules) => {
      const item = itemOf(t, rules);
      return typeof item === 'string' ? item : withOpt(item, false);
    },
  },
  select_all: {
    min: 1,
    max: 1,
    result: ([t], rules) => {
      const item = itemOf(t, rules);
      return typeof item === 'string' ? item : arr(withOpt(item, false));
    },
  },
  defined: { min: 1, max: 1, result: () => Ty.Boolean },
  as_pairs: {
    min: 1,
    max: 1,
    result: ([t], rules) => {
      const m = mapOf(t, rules);
      return typeof m === 'string' ? m : arr(pair(m[0], m[1]));
    },
  },
  as_map: {
    min: 1,
    max: 1,
    result: ([t], rules) => {
      const p = pairOf(t, rules);
      return typeof p === 'string' ? p : map(p[0], p[1]);
    },
  },
  keys: {
    min: 1,
    max: 1,
    result: ([t], rules) => {
      const m = mapOf(t, rules);
      return typeof m === 'string' ? m : arr(m[0]);
    },
  },
  values: {
    min: 1,
    max: 1,
    result: ([t], rules) => {
      const m = mapOf(t, rules);
      return typeof m === 'string' ? m : arr(m[1]);
    },
  },
  collect_by_key: {
    min: 1,
    max: 1,
    result: ([t], rules) => {
      const p = pairOf(t, rules);
      return typeof p === 'string' ? p : map(p[0], arr(p[1]));
    },
  },
  contains: {
    min: 2,
    max: 2,
    result: ([t], rules) => {
      const item = itemOf(t, rules);
      return typeof item === 'string' ? item : Ty.Boolean;
    },
  },
  // size() takes a File, a Directory, an optional one, or any compound of them.
  size: { min: 1, max: 2, result: () => Ty.Float },
  glob: fixed([Ty.String], arr(Ty.File)),
  stdout: fixed([], Ty.File),
  stderr: fixed([], Ty.File),
  read_string: fixed([Ty.File], Ty.String),
  read_int: fixed([Ty.File], Ty.Int),
  read_float: fixed([Ty.File], Ty.Float),
  read_boolean: fixed([Ty.File], Ty.Boolean),
  read_lines: fixed([Ty.File], arr(Ty.String)),
  read_tsv: fixed([Ty.File], arr(arr(Ty.String))),
  read_map: fixed([Ty.File], map(Ty.String, Ty.String)),
  read_json: fixed([Ty.File], ANY),
  read_object: fixed([Ty.File], prim('Object')),
  read_objects: fixed([Ty.File], arr(prim('Object'))),
  write_lines: fixed([arr(Ty.String)], Ty.File),
  write_tsv: fixed([arr(arr(Ty.String))], Ty.File),
  write_map: fixed([map(Ty.String, Ty.String)], Ty.File),
  write_json: {
    min: 1,
    max: 1,
    result: ([t]) => jsonProblem(t) ?? Ty.File,
  },
  write_object: fixed([prim('Object')], Ty.File),
  write_objects: fixed([arr(prim('Object'))], Ty.File),
};

function zipLike(): Signature {
  return {
    min: 2,
    max: 2,
    result: ([a, b], rules) => {
      const left = itemOf(a, rules);
      if (typeof left === 'string') return left;
      const right = itemOf(b, rules);
      return typeof right === 'string' ? right : arr(pair(left, right));
    },
  };
}
