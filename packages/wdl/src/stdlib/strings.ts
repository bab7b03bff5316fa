/** String functions: sub, basename, sep, prefix, suffix, quote, squote. */
import { WdlEvalError } from '../errors.js';
import { V } from '../values.js';
import { arity, items, text } from './args.js';
import type { StdlibTable } from './types.js';

/** The string functions. */
export const stringFunctions: StdlibTable = {
  sub: (args, _c, pos) => {
    arity('sub', args, 3, 3, pos);
    let re: RegExp;
    try {
      // WDL uses POSIX extended regular expressions; JavaScript's syntax is a superset for the common cases.
      re = new RegExp(text('sub', args[1], pos), 'g');
    } catch (e) {
      throw new WdlEvalError(
        pos,
        `sub(): bad regular expression ${JSON.stringify(text('sub', args[1], pos))}: ${(e as Error).message}`,
      );
    }
    return V.string(text('sub', args[0], pos).replace(re, text('sub', args[2], pos).replace(/\$/g, '$$$$')));
  },
  basename: (args, _c, pos) => {
    arity('basename', args, 1, 2, pos);
    const name = text('basename', args[0], pos).replace(/\/+$/, '').split('/').pop() ?? '';
    const suffix = args[1] === undefined ? '' : text('basename', args[1], pos);
    return V.string(suffix !== '' && name.endsWith(suffix) ? name.slice(0, -suffix.length) : name);
  },
  sep: (args, _c, pos) => {
    arity('sep', args, 2, 2, pos);
    return V.string(
      items('sep', args[1], pos)
        .map((x) => text('sep', x, pos))
        .join(text('sep', args[0], pos)),
    );
  },
  prefix: (args, _c, pos) => affix('prefix', args, pos, (p, s) => p + s),
  suffix: (args, _c, pos) => affix('suffix', args, pos, (p, s) => s + p),
  quote: (args, _c, pos) => V.array(items('quote', args[0], pos).map((x) => V.string(`"${text('quote', x, pos)}"`))),
  squote: (args, _c, pos) => V.array(items('squote', args[0], pos).map((x) => V.string(`'${text('squote', x, pos)}'`))),
};

function affix(
  fn: string,
  args: Parameters<StdlibTable[string]>[0],
  pos: Parameters<StdlibTable[string]>[2],
  join: (a: string, b: string) => string,
) {
  arity(fn, args, 2, 2, pos);
  const a = text(fn, args[0], pos);
  return V.array(items(fn, args[1], pos).map((x) => V.string(join(a, text(fn, x, pos)))));
}
