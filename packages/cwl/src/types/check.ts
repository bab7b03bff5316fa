/**
 * Does a value fit a CWL type? Used to validate the input object, to pick the branch of a union for command-line
 * bindings, and to check defaults.
 */
import type { CwlType } from '../model.js';

/** True when `value` is a valid value of `type` (records and arrays checked deeply). */
export function matches(value: unknown, type: CwlType): boolean {
  if (Array.isArray(type)) return type.some((branch) => matches(value, branch));
  if (typeof type === 'string') return matchesName(value, type);
  if (type.type === 'array') return Array.isArray(value) && value.every((item) => matches(item, type.items));
  if (type.type === 'enum') return typeof value === 'string' && type.symbols.includes(value);
  if (!isPlainObject(value) || isFileLike(value)) return false;
  return type.fields.every((field) => matches(value[field.name] ?? null, field.type));
}

/** The first branch of `type` that `value` fits (the type itself when it is not a union), or undefined. */
export function branchFor(value: unknown, type: CwlType): Exclude<CwlType, CwlType[]> | undefined {
  if (!Array.isArray(type)) return matches(value, type) ? type : undefined;
  for (const branch of type) {
    const found = branchFor(value, branch);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** True when null is a valid value (the type is optional). */
export function isOptional(type: CwlType): boolean {
  return matches(null, type);
}

/** A short description of a type for messages: `int`, `File[]`, `string | null`. */
export function describeType(type: CwlType): string {
  if (Array.isArray(type)) return type.map(describeType).join(' | ');
  if (typeof type === 'string') return type;
  if (type.type === 'array') return `${describeType(type.items)}[]`;
  if (type.type === 'enum') return `enum(${type.symbols.join(', ')})`;
  return `record{${type.fields.map((f) => f.name).join(', ')}}`;
}

function matchesName(value: unknown, name: string): boolean {
  switch (name) {
    case 'null':
      return value === null || value === undefined;
    case 'Any':
      return value !== null && value !== undefined;
    case 'boolean':
      return typeof value === 'boolean';
    case 'int':
    case 'long':
      return typeof value === 'number' && Number.isInteger(value);
    case 'float':
    case 'double':
      return typeof value === 'number';
    case 'string':
      return typeof value === 'string';
    case 'File':
    case 'Directory':
      return isPlainObject(value) && value.class === name;
    case 'stdout':
    case 'stderr':
      return isPlainObject(value) && value.class === 'File';
    default:
      return false;
  }
}

/** A JSON object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A File or Directory object. */
export function isFileLike(value: unknown): value is Record<string, unknown> {
  return isPlainObject(value) && (value.class === 'File' || value.class === 'Directory');
}
