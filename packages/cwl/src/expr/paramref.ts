/**
 * Parameter references, the expressions allowed without InlineJavascriptRequirement: `inputs.x`, `self[0]`,
 * `runtime['outdir']`, `inputs.list.length`. Hand-written because the spec gives them their own semantics
 * (`length` only on lists, null.anything is an error) that evaluating them as JavaScript would not keep.
 */
import { CwlExpressionError } from '../errors.js';

const SEGMENT = /^(?:\.([A-Za-z_][A-Za-z0-9_]*)|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]|\[(\d+)\])/;

/** Evaluates a parameter reference against `vars` (`inputs`, `self`, `runtime`). */
export function evaluateParamRef(code: string, vars: Record<string, unknown>): unknown {
  const trimmed = code.trim();
  if (trimmed === 'null') return null;
  const head = /^[A-Za-z_][A-Za-z0-9_]*/.exec(trimmed);
  if (head === null || !(head[0] in vars)) {
    throw new CwlExpressionError(code, 'not a parameter reference; add InlineJavascriptRequirement to use JavaScript');
  }
  // The whole reference is parsed before any step, so JavaScript is refused as such rather than by a lookup.
  const keys: (string | number)[] = [];
  let rest = trimmed.slice(head[0].length);
  while (rest !== '') {
    const match = SEGMENT.exec(rest);
    if (match === null) {
      throw new CwlExpressionError(
        code,
        'not a parameter reference; add InlineJavascriptRequirement to use JavaScript',
      );
    }
    rest = rest.slice(match[0].length);
    const quoted = match[2] ?? match[3];
    keys.push(match[1] ?? (quoted === undefined ? Number(match[4]) : quoted.replace(/\\(.)/g, '$1')));
  }
  let value = vars[head[0]];
  for (const key of keys) value = step(value, key, code);
  return value;
}

function step(value: unknown, key: string | number, code: string): unknown {
  if (value === null || value === undefined) throw new CwlExpressionError(code, `cannot read '${key}' of null`);
  if (Array.isArray(value)) {
    if (key === 'length') return value.length;
    if (typeof key === 'number') return value[key] ?? null;
    throw new CwlExpressionError(code, `a list has no field '${key}'`);
  }
  if (typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if (!(key in object)) throw new CwlExpressionError(code, `'${key}' is not defined`);
    return object[key];
  }
  throw new CwlExpressionError(code, `cannot read '${key}' of ${JSON.stringify(value)}`);
}
