/** File functions: size and glob. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { globSync } from 'tinyglobby';
import { WdlEvalError, type SourcePos } from '../errors.js';
import { V, type WdlValue } from '../values.js';
import { arity, text } from './args.js';
import { filePath } from './read.js';
import type { StdlibContext, StdlibTable } from './types.js';

const UNITS: Record<string, number> = { B: 1 };
for (const [i, p] of ['K', 'M', 'G', 'T', 'P', 'E'].entries()) {
  UNITS[p] = UNITS[`${p}B`] = 1000 ** (i + 1);
  UNITS[`${p}i`] = UNITS[`${p}iB`] = 1024 ** (i + 1);
}

function bytes(v: WdlValue, ctx: StdlibContext, pos: SourcePos): number {
  switch (v.t) {
    case 'null':
      return 0;
    case 'array':
      return v.items.reduce((s, x) => s + bytes(x, ctx, pos), 0);
    case 'map':
      return v.entries.reduce((s, [k, x]) => s + bytes(k, ctx, pos) + bytes(x, ctx, pos), 0);
    case 'pair':
      return bytes(v.left, ctx, pos) + bytes(v.right, ctx, pos);
    case 'object':
      return v.members.reduce((s, [, x]) => s + bytes(x, ctx, pos), 0);
    case 'file':
    case 'dir':
    case 'string':
      return pathBytes(filePath('size', v, ctx, pos), pos);
    default:
      return 0;
  }
}

function pathBytes(path: string, pos: SourcePos): number {
  try {
    const st = statSync(path);
    if (!st.isDirectory()) return st.size;
    return readdirSync(path).reduce((s, name) => s + pathBytes(join(path, name), pos), 0);
  } catch {
    throw new WdlEvalError(pos, `size(): the file '${path}' does not exist`);
  }
}

/** The file functions. */
export const fileFunctions: StdlibTable = {
  size: (a, c, p) => {
    arity('size', a, 1, 2, p);
    const unit = a[1] === undefined ? 'B' : text('size', a[1], p);
    const factor = UNITS[unit];
    if (factor === undefined)
      throw new WdlEvalError(p, `size(): unknown unit ${JSON.stringify(unit)}; use B, KB, KiB, MB, MiB, GB, GiB, ...`);
    return V.float(bytes(a[0], c, p) / factor);
  },
  glob: (a, c, p) => {
    arity('glob', a, 1, 1, p);
    const found = globSync(text('glob', a[0], p), { cwd: c.cwd, absolute: true, onlyFiles: true, dot: false });
    return V.array(found.sort().map(V.file));
  },
};
