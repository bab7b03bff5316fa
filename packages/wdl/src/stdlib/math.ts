/** Numeric functions: floor, ceil, round, min, max. */
import { V } from '../values.js';
import { arity, num } from './args.js';
import type { StdlibTable } from './types.js';

/** The numeric functions. */
export const mathFunctions: StdlibTable = {
  floor: (args, _c, pos) => (arity('floor', args, 1, 1, pos), V.int(Math.floor(num('floor', args[0], pos)))),
  ceil: (args, _c, pos) => (arity('ceil', args, 1, 1, pos), V.int(Math.ceil(num('ceil', args[0], pos)))),
  // WDL rounds half away from zero; Math.round rounds half up (-2.5 → -2).
  round: (args, _c, pos) => {
    arity('round', args, 1, 1, pos);
    const x = num('round', args[0], pos);
    return V.int(Math.sign(x) * Math.round(Math.abs(x)));
  },
  min: (args, _c, pos) => minmax('min', args, pos, Math.min),
  max: (args, _c, pos) => minmax('max', args, pos, Math.max),
};

function minmax(
  fn: string,
  args: Parameters<StdlibTable[string]>[0],
  pos: Parameters<StdlibTable[string]>[2],
  pick: (a: number, b: number) => number,
) {
  arity(fn, args, 2, 2, pos);
  const r = pick(num(fn, args[0], pos), num(fn, args[1], pos));
  return args[0].t === 'int' && args[1].t === 'int' ? V.int(r) : V.float(r);
}
