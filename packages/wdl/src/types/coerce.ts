/**
 * WDL's coercions at run time (spec "Type Coercion"): Int→Float, String↔File, T→T?, Array[T]→Array[T]+ when
 * non-empty, Map/Object/struct literals into structs, Map[String, T]↔Object, and element-wise through compounds.
 * Primitive values also coerce to String, which draft-2 and 1.0 documents rely on.
 */
import { WdlEvalError, type SourcePos } from '../errors.js';
import { primitiveText, V, type WdlValue } from '../values.js';
import { typeToString, type WdlType } from './types.js';

/** Coerces a value to a type, or throws WdlEvalError naming both. */
export function coerce(value: WdlValue, type: WdlType, pos?: SourcePos): WdlValue {
  const fail = (why = ''): never => {
    throw new WdlEvalError(pos, `cannot coerce ${describe(value)} to ${typeToString(type)}${why}`);
  };
  if (value.t === 'null') return type.opt || type.k === 'Any' ? value : fail(' (a non-optional type needs a value)');
  switch (type.k) {
    case 'Any':
      return value;
    case 'prim':
      return coercePrim(value, type.name) ?? fail();
    case 'Array': {
      if (value.t !== 'array') return fail();
      if (type.nonEmpty && value.items.length === 0) return fail(' (the array is empty)');
      return V.array(value.items.map((x) => coerce(x, type.item, pos)));
    }
    case 'Map': {
      if (value.t === 'map')
        return V.map(value.entries.map(([k, v]) => [coerce(k, type.key, pos), coerce(v, type.value, pos)]));
      if (value.t === 'object')
        return V.map(value.members.map(([k, v]) => [coerce(V.string(k), type.key, pos), coerce(v, type.value, pos)]));
      return fail();
    }
    case 'Pair':
      return value.t === 'pair'
        ? V.pair(coerce(value.left, type.left, pos), coerce(value.right, type.right, pos))
        : fail();
    case 'Struct': {
      const source = membersOf(value);
      if (source === undefined) return fail();
      const members: Array<[string, WdlValue]> = [];
      for (const [name, mt] of type.members) {
        const v = source.find(([k]) => k === name)?.[1];
        if (v === undefined && !mt.opt) fail(` (member '${name}' is missing)`);
        members.push([name, v === undefined ? V.null : coerce(v, mt, pos)]);
      }
      const extra = source.find(([k]) => !type.members.some(([n]) => n === k));
      if (extra !== undefined) fail(` (it has no member '${extra[0]}')`);
      return V.object(members, type.name);
    }
  }
}

function membersOf(value: WdlValue): Array<[string, WdlValue]> | undefined {
  if (value.t === 'object') return value.members;
  if (value.t === 'map') {
    const out: Array<[string, WdlValue]> = [];
    for (const [k, v] of value.entries) {
      const key = primitiveText(k);
      if (key === undefined) return undefined;
      out.push([key, v]);
    }
    return out;
  }
  return undefined;
}

function coercePrim(value: WdlValue, name: string): WdlValue | undefined {
  switch (name) {
    // Strings holding a number coerce too: the spec's own examples read numbers with read_lines and read_map.
    case 'Int':
      return value.t === 'int'
        ? value
        : value.t === 'string' && /^\s*[-+]?\d+\s*$/.test(value.v)
          ? V.int(Number(value.v))
          : undefined;
    case 'Float':
      if (value.t === 'string' && value.v.trim() !== '' && !isNaN(Number(value.v))) return V.float(Number(value.v));
      return value.t === 'float' ? value : value.t === 'int' ? V.float(value.v) : undefined;
    case 'Boolean':
      return value.t === 'bool' ? value : undefined;
    case 'String': {
      const text = primitiveText(value);
      return text === undefined ? undefined : V.string(text);
    }
    // A File or Directory keeps its job-store copy (id, listing) through coercion.
    case 'File':
      return value.t === 'file' ? value : value.t === 'string' ? V.file(value.v) : undefined;
    case 'Directory':
      return value.t === 'dir' ? value : value.t === 'string' ? { t: 'dir', v: value.v } : undefined;
    case 'Object':
      return value.t === 'object'
        ? V.object(value.members)
        : value.t === 'map'
          ? V.object(membersOf(value) ?? [])
          : undefined;
    default:
      return undefined;
  }
}

/** A value for messages: its kind and, for primitives, the value itself. */
export function describe(value: WdlValue): string {
  const text = primitiveText(value);
  if (text !== undefined)
    return `${value.t === 'string' ? 'String' : value.t === 'file' ? 'File' : value.t} ${JSON.stringify(text)}`;
  return value.t === 'null' ? 'None' : value.t === 'object' && value.struct ? value.struct : value.t;
}
