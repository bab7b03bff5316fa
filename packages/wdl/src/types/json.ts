/**
 * JSON ↔ WDL values: inputs are read against the declared type (so `"a.txt"` becomes a File and `1` a Float where
 * one is declared), outputs are written as plain JSON.
 */
import { WdlInputError } from '../errors.js';
import { primitiveText, V, type WdlValue } from '../values.js';
import { coerce } from './coerce.js';
import { typeToString, type WdlType } from './types.js';

/** A JSON value read as a value of `type`; `name` is the input's name for the error message. */
export function fromJson(json: unknown, type: WdlType, name: string): WdlValue {
  try {
    return coerce(untyped(json, type), type);
  } catch (e) {
    throw new WdlInputError(
      `Input '${name}' = ${JSON.stringify(json)} is not a ${typeToString(type)}: ${(e as Error).message.split('\n')[0]}`,
    );
  }
}

/** A JSON value as a WDL value with no declared type to guide it (read_json). */
export function jsonToValue(json: unknown): WdlValue {
  return untyped(json, undefined);
}

/** Reads JSON guided by the type where it tells more than JSON does (Pair, Map keys, Int vs Float). */
function untyped(json: unknown, type: WdlType | undefined): WdlValue {
  if (json === null || json === undefined) return V.null;
  if (typeof json === 'boolean') return V.bool(json);
  if (typeof json === 'number') {
    if (type?.k === 'prim' && type.name === 'Float') return V.float(json);
    return Number.isInteger(json) ? V.int(json) : V.float(json);
  }
  if (typeof json === 'string') {
    if (
      type?.k === 'prim' &&
      (type.name === 'Int' || type.name === 'Float') &&
      json.trim() !== '' &&
      !isNaN(Number(json))
    )
      return type.name === 'Int' ? V.int(Number(json)) : V.float(Number(json));
    return V.string(json);
  }
  if (Array.isArray(json)) return V.array(json.map((x) => untyped(x, type?.k === 'Array' ? type.item : undefined)));
  const obj = json as Record<string, unknown>;
  if (type?.k === 'Pair' && 'left' in obj && 'right' in obj)
    return V.pair(untyped(obj.left, type.left), untyped(obj.right, type.right));
  if (type?.k === 'Map')
    return V.map(Object.entries(obj).map(([k, v]) => [untyped(k, type.key), untyped(v, type.value)]));
  const memberType = (k: string) => (type?.k === 'Struct' ? type.members.find(([n]) => n === k)?.[1] : undefined);
  return V.object(Object.entries(obj).map(([k, v]) => [k, untyped(v, memberType(k))]));
}

/** A value as plain JSON (Pair as `{left, right}`, Map and objects as JSON objects). */
export function toJson(value: WdlValue): unknown {
  switch (value.t) {
    case 'null':
      return null;
    case 'bool':
    case 'int':
    case 'float':
      return value.v;
    case 'string':
    case 'file':
    case 'dir':
      return value.v;
    case 'array':
      return value.items.map(toJson);
    case 'pair':
      return { left: toJson(value.left), right: toJson(value.right) };
    case 'map':
      return Object.fromEntries(
        value.entries.map(([k, v]) => [primitiveText(k) ?? JSON.stringify(toJson(k)), toJson(v)]),
      );
    case 'object':
      return Object.fromEntries(value.members.map(([k, v]) => [k, toJson(v)]));
  }
}
