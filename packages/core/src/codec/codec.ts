import { CodecVersionError, EncodeError, NestingTooDeepError } from '../errors.js';
import { FileID } from '../filestore/file-id.js';

/**
 * One versioned codec for everything that crosses processes: job arguments, return values, promise values.
 * Output is plain JSON. Values JSON cannot carry are tagged objects `{ "$t": tag, ... }`. A plain object with a
 * `$t` or `__proto__` key is escaped as `{ "$t": "obj", "v": [[key, value], ...] }`: its keys become strings in
 * an array, so no walker of encoded data (promise markers, `rv()` placeholders) can mistake it for a tag, and
 * `__proto__` stays an own property instead of setting a prototype. Anything else (functions, class instances,
 * symbols, cycles, nesting deeper than MAX_DEPTH) fails at encode time with the path of the offending value.
 */
export const CODEC_VERSION = 1;

/**
 * How deep encoded data may nest (arrays and objects of the encoded JSON; a Map level takes 3, a Set level 2).
 * Every step that handles encoded data recurses, JSON.stringify included, and 20,000 levels overflow the stack.
 */
export const MAX_DEPTH = 1000;

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

/** Keys that a plain encoded object cannot hold: the object is escaped (see the module comment). */
function needsEscape(keys: string[]): boolean {
  return keys.includes('$t') || keys.includes('__proto__');
}

/** `target[key] = value` as an own property, also for `__proto__` (which plain assignment turns into a prototype). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Encode a value to JSON-safe data. `path` names the value in error messages, e.g. `argument 2 of 'square'`. */
export function encode(value: unknown, path = 'value', hooks: EncodeHooks = {}): Encoded {
  const seen = new Set<object>();
  // `depth` counts the levels of the encoded output this value sits in.
  const walk = (v: unknown, at: string, depth: number): Encoded => {
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
    if (depth >= MAX_DEPTH) throw new NestingTooDeepError(`encode ${path}`, MAX_DEPTH);
    if (seen.has(obj)) throw new EncodeError(at, 'it refers back to itself (a cycle)');
    seen.add(obj);
    try {
      if (Array.isArray(obj)) return obj.map((item, i) => walk(item, `${at}[${i}]`, depth + 1));
      if (FileID.is(obj)) return { $t: 'FileID', id: obj.id, size: obj.size, exec: obj.executable };
      if (obj instanceof Uint8Array)
        return { $t: 'bytes', v: Buffer.from(obj.buffer, obj.byteOffset, obj.byteLength).toString('base64') };
      if (obj instanceof Date) return { $t: 'date', v: Number.isNaN(obj.getTime()) ? 'Invalid' : obj.toISOString() };
      if (obj instanceof Map)
        return {
          $t: 'map',
          v: [...obj].map(([k, x], i) => [
            walk(k, `${at}.key(${i})`, depth + 3),
            walk(x, `${at}.get(${i})`, depth + 3),
          ]),
        };
      if (obj instanceof Set) return { $t: 'set', v: [...obj].map((x, i) => walk(x, `${at}.item(${i})`, depth + 2)) };
      if (!isPlainObject(obj)) throw new EncodeError(at, `it is ${describe(obj)}`);
      const entries = Object.entries(obj);
      if (needsEscape(entries.map(([key]) => key)))
        return { $t: 'obj', v: entries.map(([key, x]) => [key, walk(x, `${at}.${key}`, depth + 3)]) };
      const out: { [key: string]: Encoded } = {};
      for (const [key, x] of entries) out[key] = walk(x, `${at}.${key}`, depth + 1);
      return out;
    } finally {
      seen.delete(obj);
    }
  };
  return walk(value, path, 0);
}

/** Decode data written by `encode`. */
export function decode(data: Encoded, hooks: DecodeHooks = {}): unknown {
  const object = (entries: [string, Encoded][], depth: number) => {
    const out: Record<string, unknown> = {};
    for (const [key, x] of entries) setOwn(out, key, walk(x, depth));
    return out;
  };
  const walk = (d: Encoded, depth: number): unknown => {
    if (d === null || typeof d !== 'object') return d;
    // Deeper than encode writes: hand-made or damaged data, refused before it overflows the stack.
    if (depth >= MAX_DEPTH + 3) throw new NestingTooDeepError('decode a stored value', MAX_DEPTH);
    if (Array.isArray(d)) return d.map((x) => walk(x, depth + 1));
    const tag = d.$t;
    if (tag === undefined) return object(Object.entries(d), depth + 1);
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
        return new Map((d.v as Encoded[][]).map(([k, x]) => [walk(k, depth + 3), walk(x, depth + 3)]));
      case 'set':
        return new Set((d.v as Encoded[]).map((x) => walk(x, depth + 2)));
      case 'obj':
        // Entries since the escape moved keys into an array; an object (the first form) is still read.
        return object(
          Array.isArray(d.v) ? (d.v as [string, Encoded][]) : Object.entries(d.v as Record<string, Encoded>),
          depth + 3,
        );
      case 'promise':
        if (!hooks.decodePromise) throw new Error(`Unresolved promise marker for file ${String(d.file)}`);
        return hooks.decodePromise(d.file as string);
      default:
        throw new CodecVersionError(`unknown tag ${JSON.stringify(tag)}`, CODEC_VERSION);
    }
  };
  return walk(data, 0);
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
