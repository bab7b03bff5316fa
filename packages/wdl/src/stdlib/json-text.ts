/**
 * The text `write_json` writes: JSON laid out as Python's `json.dumps` does with its defaults (`", "` and `": "`
 * between items, non-ASCII as `\uXXXX`, Floats with a fraction such as `1.0`, no final newline). The suites check
 * written files by md5, and their checksums come from engines written in Python (miniwdl, Toil), so the layout is
 * part of the behaviour. Hand-written because `JSON.stringify` has no separator options and does not keep Float
 * apart from Int; it is one short recursive function.
 */
import { toJson } from '../types/json.js';
import type { WdlValue } from '../values.js';

/** A WDL value as Python's `json.dumps(value)` text. */
export function pythonJson(value: WdlValue): string {
  switch (value.t) {
    case 'float':
      return pythonFloat(value.v);
    case 'array':
      return `[${value.items.map(pythonJson).join(', ')}]`;
    case 'pair':
      return `{"left": ${pythonJson(value.left)}, "right": ${pythonJson(value.right)}}`;
    case 'map':
      return `{${value.entries.map(([k, v]) => `${keyText(k)}: ${pythonJson(v)}`).join(', ')}}`;
    case 'object':
      return `{${value.members.map(([k, v]) => `${asciiString(k)}: ${pythonJson(v)}`).join(', ')}}`;
    case 'string':
    case 'file':
    case 'dir':
      return asciiString(value.v);
    default:
      return JSON.stringify(toJson(value));
  }
}

/** A Map key: JSON object keys are strings, so only String (and File) keys can be written. */
function keyText(key: WdlValue): string {
  if (key.t === 'string' || key.t === 'file' || key.t === 'dir') return asciiString(key.v);
  throw new WdlJsonKeyError(key);
}

/** A Map whose keys are not Strings has no JSON form (the spec's write_json example fails on Map[Int, String]). */
export class WdlJsonKeyError extends Error {
  constructor(readonly key: WdlValue) {
    super(`a Map with ${key.t === 'int' ? 'Int' : key.t} keys such as ${JSON.stringify(toJson(key))} has no JSON form`);
  }
}

/** Python's float repr: shortest digits, `.0` on integral values, exponent form outside [1e-4, 1e16). */
function pythonFloat(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  const [mantissa, exponent] = v.toExponential().split('e');
  const e = Number(exponent);
  if (v !== 0 && (e < -4 || e >= 16)) return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  const s = String(v);
  return s.includes('.') ? s : `${s}.0`;
}

/** A JSON string with every character outside printable ASCII escaped (Python's `ensure_ascii`). */
function asciiString(s: string): string {
  return JSON.stringify(s).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
