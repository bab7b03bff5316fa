import { CodecVersionError, EncodeError } from '../errors.js';
import { FileID } from '../filestore/file-id.js';

/**
 * One versioned codec for everything that crosses processes: job arguments, return values, promise values.
 * Output is plain JSON. Values JSON cannot carry are tagged objects `{ "$t": tag, ... }`; a plain object that
 * itself has a `$t` key is wrapped so decoding is unambiguous. Anything else (functions, class instances,
 * symbols, cycles) fails at encode time with the path of the offending value.
 */
export const CODEC_VERSION = 1;

/** JSON as stored. */
export type Encoded = null | boolean | number | string | Encoded[] | { [key: string]: Encoded };

/** Hooks for values the codec does not own: promise references, which become job-store files at save time. */
export interface EncodeHooks {
  /** Return an encoding for `value`, or undefined to let the codec handle (or reject) it. */
  encodeSpecial?(value: object, path: string): Encoded | undefined;
}

/** Hooks for decoding tags the codec does not own. */
export interface DecodeHooks {
  /** Decode a `{ $t: 'promise', file }` marker. */
  decodePromise?(fileId: string): unknown;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  if (typeof value === 'function') return `a function${value.name ? ` (${value.name})` : ''}`;
  if (typeof value === 'symbol') return 'a symbol';
  if (typeof value === 'object' && value !== null) {
    const name = (value as object).constructor?.name;
    return `an instance of ${name ?? 'an unknown class'}`;
  }
  return typeof value;
}

/** Encode a value to JSON-safe data. `path` names the value in error messages, e.g. `argument 2 of 'square'`. */
export function encode(value: unknown, path = 'value', hooks: EncodeHooks = {}): Encoded {
  const seen = new Set<object>();
  const walk = (v: unknown, at: string): Encoded => {
    switch (typeof v) {
      case 'string':
      case 'boolean':
        return v;
      case 'number':
        if (Number.isFinite(v)) return Object.is(v, -0) ? { $t: 'num', v: '-0' } : v;
        return { $t: 'num', v: String(v) };
      case 'bigint':
        return { $t: 'bigint', v: v.toString() };
      case 'undefined':
        return { $t: 'undef' };
      case 'function':
      case 'symbol':
        throw new EncodeError(at, `it is ${describe(v)}`);
    }
    if (v === null) return null;
    const obj = v as object;
    const special = hooks.encodeSpecial?.(obj, at);
    if (special !== undefined) return special;
    if (seen.has(obj)) throw new EncodeError(at, 'it refers back to itself (a cycle)');
    seen.add(obj);
    try {
      if (Array.isArray(obj)) return obj.map((item, i) => walk(item, `${at}[${i}]`));
      if (FileID.is(obj)) return { $t: 'FileID', id: obj.id, size: obj.size, exec: obj.executable };
      if (obj instanceof Uint8Array) return { $t: 'bytes', v: Buffer.from(obj.buffer, obj.byteOffset, obj.byteLength).toString('base64') };
      if (obj instanceof Date) return { $t: 'date', v: Number.isNaN(obj.getTime()) ? 'Invalid' : obj.toISOString() };
      if (obj instanceof Map) return { $t: 'map', v: [...obj].map(([k, x], i) => [walk(k, `${at}.key(${i})`), walk(x, `${at}.get(${i})`)]) };
      if (obj instanceof Set) return { $t: 'set', v: [...obj].map((x, i) => walk(x, `${at}.item(${i})`)) };
      if (!isPlainObject(obj)) throw new EncodeError(at, `it is ${describe(obj)}`);
      const out: { [key: string]: Encoded } = {};
      for (const [key, x] of Object.entries(obj)) out[key] = walk(x, `${at}.${key}`);
      return '$t' in out ? { $t: 'obj', v: out } : out;
    } finally {
      seen.delete(obj);
    }
  };
  return walk(value, path);
}

/** Decode data written by `encode`. */
export function decode(data: Encoded, hooks: DecodeHooks = {}): unknown {
  const walk = (d: Encoded): unknown => {
    if (d === null || typeof d !== 'object') return d;
    if (Array.isArray(d)) return d.map(walk);
    const tag = d.$t;
    if (tag === undefined) {
      const out: Record<string, unknown> = {};
      for (const [key, x] of Object.entries(d)) out[key] = walk(x);
      return out;
    }
    switch (tag) {
      case 'undef':
        return undefined;
      case 'num':
        return d.v === '-0' ? -0 : Number(d.v);
      case 'bigint':
        return BigInt(d.v as string);
      case 'FileID':
        return new FileID(d.id as string, d.size as number, d.exec as boolean);
      case 'bytes':
        return new Uint8Array(Buffer.from(d.v as string, 'base64'));
      case 'date':
        return new Date(d.v === 'Invalid' ? Number.NaN : (d.v as string));
      case 'map':
        return new Map((d.v as Encoded[][]).map(([k, x]) => [walk(k), walk(x)]));
      case 'set':
        return new Set((d.v as Encoded[]).map(walk));
      case 'obj': {
        const out: Record<string, unknown> = {};
        for (const [key, x] of Object.entries(d.v as Record<string, Encoded>)) out[key] = walk(x);
        return out;
      }
      case 'promise':
        if (!hooks.decodePromise) throw new Error(`Unresolved promise marker for file ${String(d.file)}`);
        return hooks.decodePromise(d.file as string);
      default:
        throw new CodecVersionError(`unknown tag ${JSON.stringify(tag)}`, CODEC_VERSION);
    }
  };
  return walk(data);
}

/** Collect the file IDs of every promise marker in encoded data. */
export function promiseFilesIn(data: Encoded, into: string[] = []): string[] {
  if (data === null || typeof data !== 'object') return into;
  if (Array.isArray(data)) {
    for (const x of data) promiseFilesIn(x, into);
    return into;
  }
  if (data.$t === 'promise') {
    into.push(data.file as string);
    return into;
  }
  for (const x of Object.values(data)) promiseFilesIn(x, into);
  return into;
}

/** A stored value with its codec version, for files (promise values, the root return value). */
export function encodeEnvelope(value: unknown, path = 'value', hooks?: EncodeHooks): string {
  return JSON.stringify({ codec: CODEC_VERSION, value: encode(value, path, hooks) });
}

/** Read a stored envelope; throws CodecVersionError for newer versions. */
export function decodeEnvelope(text: string, hooks?: DecodeHooks): unknown {
  const parsed = JSON.parse(text) as { codec?: unknown; value: Encoded };
  if (parsed.codec !== CODEC_VERSION) throw new CodecVersionError(parsed.codec, CODEC_VERSION);
  return decode(parsed.value, hooks);
}
