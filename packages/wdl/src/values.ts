/**
 * WDL values at run time. Plain JSON-like objects (no classes, no Map) so that they travel as Toil job arguments
 * and results unchanged.
 */

/** A WDL value. Object and struct members keep their order. */
export type WdlValue =
  | { t: 'null' }
  | { t: 'bool'; v: boolean }
  | { t: 'int'; v: number }
  | { t: 'float'; v: number }
  | { t: 'string'; v: string }
  /** `id`: the file's copy in the Toil job store, once it has one (runtime/files.ts). */
  | { t: 'file'; v: string; id?: string }
  /** `listing`: the job-store copies of the directory's files by relative path, once it has them. */
  | { t: 'dir'; v: string; listing?: Array<[string, string]> }
  | { t: 'array'; items: WdlValue[] }
  | { t: 'map'; entries: Array<[WdlValue, WdlValue]> }
  | { t: 'pair'; left: WdlValue; right: WdlValue }
  | { t: 'object'; members: Array<[string, WdlValue]>; struct?: string };

/** Constructors. */
export const V = {
  null: { t: 'null' } as WdlValue,
  bool: (v: boolean): WdlValue => ({ t: 'bool', v }),
  int: (v: number): WdlValue => ({ t: 'int', v }),
  float: (v: number): WdlValue => ({ t: 'float', v }),
  string: (v: string): WdlValue => ({ t: 'string', v }),
  file: (v: string): WdlValue => ({ t: 'file', v }),
  array: (items: WdlValue[]): WdlValue => ({ t: 'array', items }),
  pair: (left: WdlValue, right: WdlValue): WdlValue => ({ t: 'pair', left, right }),
  map: (entries: Array<[WdlValue, WdlValue]>): WdlValue => ({ t: 'map', entries }),
  object: (members: Array<[string, WdlValue]>, struct?: string): WdlValue =>
    struct === undefined ? { t: 'object', members } : { t: 'object', members, struct },
};

/** Float formatting of WDL: six decimals, as the spec's string interpolation shows (`1.500000`). */
export function formatFloat(v: number): string {
  return v.toFixed(6);
}

/** The text of a primitive value in a string or command; compound values have none (undefined). */
export function primitiveText(value: WdlValue): string | undefined {
  switch (value.t) {
    case 'bool':
      return String(value.v);
    case 'int':
      return String(value.v);
    case 'float':
      return formatFloat(value.v);
    case 'string':
    case 'file':
    case 'dir':
      return value.v;
    default:
      return undefined;
  }
}

/** Deep equality as WDL's `==`: Int and Float compare by number, File and String by text. */
export function valuesEqual(a: WdlValue, b: WdlValue): boolean {
  const at = primitiveText(a);
  const bt = primitiveText(b);
  if ((a.t === 'int' || a.t === 'float') && (b.t === 'int' || b.t === 'float')) return a.v === b.v;
  if (at !== undefined && bt !== undefined) return a.t === b.t || isText(a) === isText(b) ? at === bt : false;
  if (a.t !== b.t) return false;
  switch (a.t) {
    case 'null':
      return true;
    case 'array':
      return (
        a.items.length === (b as typeof a).items.length &&
        a.items.every((x, i) => valuesEqual(x, (b as typeof a).items[i]))
      );
    case 'map': {
      const be = (b as typeof a).entries;
      return (
        a.entries.length === be.length &&
        a.entries.every(([k, v], i) => valuesEqual(k, be[i][0]) && valuesEqual(v, be[i][1]))
      );
    }
    case 'pair':
      return valuesEqual(a.left, (b as typeof a).left) && valuesEqual(a.right, (b as typeof a).right);
    case 'object': {
      const bm = (b as typeof a).members;
      return (
        a.members.length === bm.length &&
        a.members.every(([k, v]) => bm.some(([k2, v2]) => k === k2 && valuesEqual(v, v2)))
      );
    }
    default:
      return false;
  }
}

function isText(v: WdlValue): boolean {
  return v.t === 'string' || v.t === 'file' || v.t === 'dir';
}

/** The member of an object value, or undefined. */
export function member(value: WdlValue, name: string): WdlValue | undefined {
  return value.t === 'object' ? value.members.find(([k]) => k === name)?.[1] : undefined;
}
