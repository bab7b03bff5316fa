/**
 * Building a CommandLineTool's command line from `baseCommand`, `arguments` and the input bindings, in the order
 * the spec gives: sorted by position, then argument index or parameter name.
 */
import { evaluate, type ExprContext } from '../expr/evaluate.js';
import { plainNumber, toText } from '../expr/format.js';
import type { Binding, CwlType, Process } from '../model.js';
import { branchFor, isFileLike, isPlainObject } from '../types/check.js';

/** One argument, and whether the shell may see it unquoted (`shellQuote: false`). */
export interface Arg {
  /** The text. */
  text: string;
  /** False only for `shellQuote: false` under ShellCommandRequirement. */
  quote: boolean;
}

type SortKey = (number | string)[];

/** The full argument list of `tool` for its bound `inputs`. */
export async function buildCommandLine(tool: Process, ctx: ExprContext): Promise<Arg[]> {
  const entries: { key: SortKey; args: Arg[] }[] = [];
  for (const [index, argument] of (tool.arguments ?? []).entries()) {
    const binding: Binding = typeof argument === 'string' ? { valueFrom: argument } : (argument as Binding);
    const position = await positionOf(binding, null, ctx);
    entries.push({ key: [position, index], args: await argsFor(null, undefined, binding, ctx, false, true) });
  }
  for (const param of tool.inputs) {
    const value = ctx.inputs[param.id] ?? null;
    const schema = branchFor(value, param.type);
    if (
      param.inputBinding === undefined &&
      isPlainObject(value) &&
      typeof schema === 'object' &&
      schema.type === 'record'
    ) {
      // The fields of a record input without a binding of its own are placed among the top-level arguments.
      for (const field of schema.fields) {
        if (field.inputBinding === undefined) continue;
        const fieldValue = value[field.name] ?? null;
        const position = await positionOf(field.inputBinding, fieldValue, ctx);
        entries.push({
          key: [position, field.name],
          args: await argsFor(fieldValue, field.type, field.inputBinding, ctx),
        });
      }
      continue;
    }
    if (param.inputBinding === undefined) {
      // An input without a binding may still hold a record or array whose type has bindings.
      const nested = await argsFor(value, param.type, {}, ctx, true);
      if (nested.length > 0) entries.push({ key: [0, param.id], args: nested });
      continue;
    }
    const position = await positionOf(param.inputBinding, value, ctx);
    entries.push({ key: [position, param.id], args: await argsFor(value, param.type, param.inputBinding, ctx) });
  }
  entries.sort((a, b) => compareKeys(a.key, b.key));
  const base = (tool.baseCommand ?? []).map((text) => ({ text, quote: true }));
  return [...base, ...entries.flatMap((entry) => entry.args)];
}

async function positionOf(binding: Binding, self: unknown, ctx: ExprContext): Promise<number> {
  const position = await evaluate(binding.position ?? 0, ctx, self);
  return typeof position === 'number' ? position : Number(position) || 0;
}

/**
 * The arguments of one value under one binding. `type` is the declared type (undefined after valueFrom, when the
 * value's own shape decides); `onlyNested` collects only the bindings inside records and array schemas.
 */
async function argsFor(
  input: unknown,
  type: CwlType | undefined,
  binding: Binding,
  ctx: ExprContext,
  onlyNested = false,
  isArgument = false,
): Promise<Arg[]> {
  let value = input;
  let schema = type === undefined ? undefined : branchFor(value, type);
  if (binding.valueFrom !== undefined) {
    // An input's valueFrom is skipped when the input is null; an argument's (no input at all) always runs.
    if (!isArgument && (input === null || input === undefined)) return [];
    value = await evaluate(binding.valueFrom, ctx, value);
    schema = undefined;
  }
  if (value === null || value === undefined) return [];
  const quote = binding.shellQuote !== false;
  const prefixed = (text: string | undefined): Arg[] => {
    const prefix = binding.prefix;
    if (text === undefined) return prefix === undefined ? [] : [{ text: prefix, quote }];
    if (prefix === undefined) return [{ text, quote }];
    return binding.separate === false
      ? [{ text: prefix + text, quote }]
      : [
          { text: prefix, quote },
          { text, quote },
        ];
  };
  if (Array.isArray(value)) {
    const arraySchema = typeof schema === 'object' && schema.type === 'array' ? schema : undefined;
    const itemType = arraySchema?.items;
    const itemBinding = arraySchema?.inputBinding ?? ownBinding(itemType);
    if (onlyNested && itemBinding === undefined && !hasNestedBindings(itemType)) return [];
    if (binding.itemSeparator !== undefined && !onlyNested) {
      return value.length === 0 ? [] : prefixed(value.map((item) => scalarText(item)).join(binding.itemSeparator));
    }
    const items: Arg[] = [];
    for (const item of value) items.push(...(await argsFor(item, itemType, itemBinding ?? {}, ctx, onlyNested)));
    if (onlyNested) return items;
    return value.length === 0 ? [] : [...prefixed(undefined), ...items];
  }
  if (isPlainObject(value) && !isFileLike(value)) {
    const recordSchema = typeof schema === 'object' && schema.type === 'record' ? schema : undefined;
    const fields: { key: SortKey; args: Arg[] }[] = [];
    for (const field of recordSchema?.fields ?? []) {
      const fieldValue = value[field.name] ?? null;
      if (field.inputBinding === undefined) continue;
      const position = await positionOf(field.inputBinding, fieldValue, ctx);
      fields.push({
        key: [position, field.name],
        args: await argsFor(fieldValue, field.type, field.inputBinding, ctx),
      });
    }
    fields.sort((a, b) => compareKeys(a.key, b.key));
    const nested = fields.flatMap((f) => f.args);
    return onlyNested ? nested : [...prefixed(undefined), ...nested];
  }
  if (onlyNested) return [];
  if (typeof value === 'boolean') return value ? prefixed(undefined) : [];
  return prefixed(scalarText(value));
}

function ownBinding(type: CwlType | undefined): Binding | undefined {
  if (typeof type === 'object' && !Array.isArray(type) && type.type !== 'record') return type.inputBinding;
  return undefined;
}

function hasNestedBindings(type: CwlType | undefined): boolean {
  if (typeof type !== 'object') return false;
  if (Array.isArray(type)) return type.some(hasNestedBindings);
  if (type.type === 'record') return type.fields.some((f) => f.inputBinding !== undefined);
  if (type.type === 'array') return type.inputBinding !== undefined || hasNestedBindings(type.items);
  return type.inputBinding !== undefined;
}

function scalarText(value: unknown): string {
  if (isFileLike(value)) return String(value.path ?? value.location);
  if (typeof value === 'number') return plainNumber(value);
  return toText(value);
}

function compareKeys(a: SortKey, b: SortKey): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    if (typeof x === 'number') return -1;
    if (typeof y === 'number') return 1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}
