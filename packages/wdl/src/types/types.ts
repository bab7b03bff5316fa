/**
 * WDL types as the checker and the runtime use them: resolved (struct names replaced by their members) and
 * printable in WDL syntax for messages.
 */
import type { TypeNode } from '../syntax/ast.js';

/** A primitive type's name. */
export type PrimName = 'Int' | 'Float' | 'Boolean' | 'String' | 'File' | 'Directory' | 'Object';

/** A resolved WDL type. `Any` is what an empty array's items or `None` have before coercion. */
export type WdlType =
  | { k: 'prim'; name: PrimName; opt: boolean }
  | { k: 'Any'; opt: boolean }
  | { k: 'Array'; item: WdlType; nonEmpty: boolean; opt: boolean }
  | { k: 'Map'; key: WdlType; value: WdlType; opt: boolean }
  | { k: 'Pair'; left: WdlType; right: WdlType; opt: boolean }
  | { k: 'Struct'; name: string; members: Array<[string, WdlType]>; opt: boolean };

/** Struct definitions by name (after import aliasing). */
export type StructTable = Map<string, Array<[string, TypeNode]>>;

/** Shorthand constructors. */
export const Ty = {
  Int: { k: 'prim', name: 'Int', opt: false } as WdlType,
  Float: { k: 'prim', name: 'Float', opt: false } as WdlType,
  Boolean: { k: 'prim', name: 'Boolean', opt: false } as WdlType,
  String: { k: 'prim', name: 'String', opt: false } as WdlType,
  File: { k: 'prim', name: 'File', opt: false } as WdlType,
  Any: { k: 'Any', opt: true } as WdlType,
  array: (item: WdlType): WdlType => ({ k: 'Array', item, nonEmpty: false, opt: false }),
};

/** Resolves a written type; unknown struct names are an error the caller reports (returns undefined). */
export function resolveType(node: TypeNode, structs: StructTable, seen: string[] = []): WdlType | undefined {
  switch (node.kind) {
    case 'prim':
      return { k: 'prim', name: node.name, opt: node.optional };
    case 'array': {
      const item = resolveType(node.item, structs, seen);
      return item && { k: 'Array', item, nonEmpty: node.nonEmpty, opt: node.optional };
    }
    case 'map': {
      const key = resolveType(node.key, structs, seen);
      const value = resolveType(node.value, structs, seen);
      return key && value && { k: 'Map', key, value, opt: node.optional };
    }
    case 'pair': {
      const left = resolveType(node.left, structs, seen);
      const right = resolveType(node.right, structs, seen);
      return left && right && { k: 'Pair', left, right, opt: node.optional };
    }
    case 'named': {
      const def = structs.get(node.name);
      if (def === undefined || seen.includes(node.name)) return undefined;
      const members: Array<[string, WdlType]> = [];
      for (const [name, t] of def) {
        const resolved = resolveType(t, structs, [...seen, node.name]);
        if (resolved === undefined) return undefined;
        members.push([name, resolved]);
      }
      return { k: 'Struct', name: node.name, members, opt: node.optional };
    }
  }
}

/** The same type, optional or not. */
export function withOpt(t: WdlType, opt: boolean): WdlType {
  return { ...t, opt };
}

/** WDL spelling of a type, for messages. */
export function typeToString(t: WdlType): string {
  const q = t.opt ? '?' : '';
  switch (t.k) {
    case 'prim':
      return t.name + q;
    case 'Any':
      return 'None';
    case 'Array':
      return `Array[${typeToString(t.item)}]${t.nonEmpty ? '+' : ''}${q}`;
    case 'Map':
      return `Map[${typeToString(t.key)}, ${typeToString(t.value)}]${q}`;
    case 'Pair':
      return `Pair[${typeToString(t.left)}, ${typeToString(t.right)}]${q}`;
    case 'Struct':
      return t.name + q;
  }
}
