/**
 * ResourceRequirement to the `runtime` object: cores, ram (MiB), outdirSize and tmpdirSize (MiB), each the minimum
 * asked for (or the maximum when only that is given), with CWL v1.2's defaults.
 */
import { evaluate, type ExprContext } from '../expr/evaluate.js';
import type { Requirement } from '../model.js';

const DEFAULTS = { cores: 1, ram: 256, outdirSize: 1024, tmpdirSize: 1024 };

/** The resource figures for `runtime`. */
export async function resources(req: Requirement | undefined, ctx: ExprContext): Promise<typeof DEFAULTS> {
  const out = { ...DEFAULTS };
  if (req === undefined) return out;
  for (const [name, min, max] of [
    ['cores', 'coresMin', 'coresMax'],
    ['ram', 'ramMin', 'ramMax'],
    ['outdirSize', 'outdirMin', 'outdirMax'],
    ['tmpdirSize', 'tmpdirMin', 'tmpdirMax'],
  ] as const) {
    const value = (await evaluate(req[min], ctx)) ?? (await evaluate(req[max], ctx));
    if (typeof value === 'number') out[name] = Math.ceil(value);
  }
  return out;
}
