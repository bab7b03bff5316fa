/**
 * Type normalisation: `File[]?` becomes `['null', {type: array, items: File}]`, record fields in map form become
 * a list, names defined by SchemaDefRequirement are replaced by their schema, symbols and field names are
 * shortened.
 */
import type { Binding, CwlType, RecordField, SecondaryFileSchema } from '../model.js';
import { fragmentOf, shortName } from './ids.js';

/** Named schemas (from SchemaDefRequirement), by their fragment and by their short name. */
export type SchemaDefs = Map<string, unknown>;

const PRIMITIVES = new Set([
  'null',
  'boolean',
  'int',
  'long',
  'float',
  'double',
  'string',
  'File',
  'Directory',
  'Any',
  'stdout',
  'stderr',
  'stdin',
]);

/** The normalised form of a type as written in a document. */
export function normalizeType(raw: unknown, defs: SchemaDefs, seen: Set<string> = new Set()): CwlType {
  if (Array.isArray(raw)) return raw.map((item) => normalizeType(item, defs, seen));
  if (typeof raw === 'string') return normalizeTypeName(raw, defs, seen);
  if (typeof raw !== 'object' || raw === null) return 'Any';
  const schema = raw as Record<string, unknown>;
  const kind = typeof schema.type === 'string' ? schema.type : undefined;
  if (kind === 'array') {
    return { type: 'array', items: normalizeType(schema.items, defs, seen), inputBinding: bindingOf(schema) };
  }
  if (kind === 'enum') {
    const symbols = (schema.symbols as unknown[]).map((symbol) => enumSymbol(String(symbol)));
    return { type: 'enum', symbols, name: nameOf(schema), inputBinding: bindingOf(schema) };
  }
  if (kind === 'record') {
    return { type: 'record', name: nameOf(schema), fields: recordFields(schema.fields, defs, seen) };
  }
  return normalizeType(schema.type, defs, seen);
}

function normalizeTypeName(name: string, defs: SchemaDefs, seen: Set<string>): CwlType {
  if (name.endsWith('?')) return ['null', normalizeTypeName(name.slice(0, -1), defs, seen)];
  if (name.endsWith('[]')) return { type: 'array', items: normalizeTypeName(name.slice(0, -2), defs, seen) };
  if (PRIMITIVES.has(name)) return name;
  const key = fragmentOf(name);
  const schema = defs.get(key) ?? defs.get(shortName(name));
  if (schema === undefined) return name.startsWith('http') ? 'Any' : name;
  // A recursive schema cannot be expanded; such types are rare in CWL and its suite has none.
  if (seen.has(key)) return 'Any';
  return normalizeType(schema, defs, new Set([...seen, key]));
}

function recordFields(raw: unknown, defs: SchemaDefs, seen: Set<string>): RecordField[] {
  const list: Record<string, unknown>[] = Array.isArray(raw)
    ? (raw as Record<string, unknown>[])
    : Object.entries((raw ?? {}) as Record<string, unknown>).map(([name, value]): Record<string, unknown> =>
        typeof value === 'object' && value !== null && !Array.isArray(value)
          ? { name, ...(value as Record<string, unknown>) }
          : { name, type: value },
      );
  return list.map((field) => ({
    name: shortName(String(field.name ?? field.id)),
    type: normalizeType(field.type, defs, seen),
    inputBinding: field.inputBinding as RecordField['inputBinding'],
    outputBinding: field.outputBinding as RecordField['outputBinding'],
    secondaryFiles: normalizeSecondaryFiles(field.secondaryFiles),
    format: field.format,
    loadContents: field.loadContents as boolean | undefined,
  }));
}

/** secondaryFiles in any of its forms as a list of `{pattern, required}`. */
export function normalizeSecondaryFiles(raw: unknown): SecondaryFileSchema[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((entry) =>
    typeof entry === 'string'
      ? { pattern: entry }
      : {
          pattern: String((entry as Record<string, unknown>).pattern),
          required: (entry as Record<string, unknown>).required as boolean | string | undefined,
        },
  );
}

function bindingOf(schema: Record<string, unknown>): Binding | undefined {
  return schema.inputBinding as Binding | undefined;
}

function nameOf(schema: Record<string, unknown>): string | undefined {
  return typeof schema.name === 'string' ? schema.name : undefined;
}

function enumSymbol(symbol: string): string {
  return symbol.includes('#') ? shortName(symbol) : symbol;
}
