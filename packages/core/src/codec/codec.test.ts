import { describe, expect, it } from 'vitest';
import { decode, decodeEnvelope, encode, encodeEnvelope, MAX_DEPTH, promiseFilesIn, type Encoded } from './codec.js';
import { fillPromiseMarkers } from '../job/graph.js';
import { FileID } from '../filestore/file-id.js';
import { CodecVersionError, EncodeError, NestingTooDeepError } from '../errors.js';

describe('codec', () => {
  it('round-trips JSON and every tagged type', () => {
    const value = {
      n: 1.5,
      s: 'x',
      b: true,
      nil: null,
      arr: [1, [2, 3]],
      bytes: new Uint8Array([0, 1, 255]),
      big: 12345678901234567890n,
      date: new Date('2026-01-02T03:04:05.678Z'),
      map: new Map<unknown, unknown>([
        ['k', 1],
        [2, new Set([1, 2])],
      ]),
      set: new Set(['a']),
      undef: undefined,
      file: new FileID('files/abc/x.txt', 42, true),
      special: [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0],
      tagged: { $t: 'looks like a tag', v: 1 },
    };
    const back = decode(JSON.parse(JSON.stringify(encode(value)))) as typeof value;
    expect(back.n).toBe(1.5);
    expect(back.arr).toEqual([1, [2, 3]]);
    expect(back.bytes).toEqual(new Uint8Array([0, 1, 255]));
    expect(back.big).toBe(12345678901234567890n);
    expect(back.date.toISOString()).toBe('2026-01-02T03:04:05.678Z');
    expect(back.map.get('k')).toBe(1);
    expect(back.map.get(2)).toEqual(new Set([1, 2]));
    expect(back.set.has('a')).toBe(true);
    expect('undef' in back && back.undef === undefined).toBe(true);
    expect(back.file).toBeInstanceOf(FileID);
    expect([back.file.id, back.file.size, back.file.executable]).toEqual(['files/abc/x.txt', 42, true]);
    expect(Number.isNaN(back.special[0])).toBe(true);
    expect(back.special.slice(1, 3)).toEqual([Infinity, -Infinity]);
    expect(Object.is(back.special[3], -0)).toBe(true);
    expect(back.tagged).toEqual({ $t: 'looks like a tag', v: 1 });
  });

  it('rejects closures, class instances, symbols and cycles, naming the path', () => {
    class Point {
      x = 1;
    }
    expect(() => encode([1, () => 2], 'arguments of job')).toThrow(/arguments of job\[1\].*function/);
    expect(() => encode({ p: new Point() }, 'arg')).toThrow(/arg\.p.*instance of Point/);
    expect(() => encode(Symbol('s'), 'arg')).toThrow(EncodeError);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => encode(cyclic, 'arg')).toThrow(/arg\.self.*cycle/);
  });

  it('allows the same object twice when it is not a cycle', () => {
    const shared = { a: 1 };
    expect(decode(encode([shared, shared]))).toEqual([{ a: 1 }, { a: 1 }]);
  });

  it('resolves promise markers through the hook and lists their files', () => {
    const data = {
      x: [
        { $t: 'promise', file: 'f1' },
        { $t: 'promise', file: 'f2' },
      ],
    };
    expect(promiseFilesIn(data)).toEqual(['f1', 'f2']);
    expect(decode(data, { decodePromise: (f) => `value of ${f}` })).toEqual({ x: ['value of f1', 'value of f2'] });
  });

  it('versions envelopes and refuses newer ones', () => {
    expect(decodeEnvelope(encodeEnvelope(new Map([[1, 2]])))).toEqual(new Map([[1, 2]]));
    expect(() => decodeEnvelope(JSON.stringify({ codec: 99, value: 1 }))).toThrow(CodecVersionError);
    expect(() => decodeEnvelope(JSON.stringify({ codec: 99, value: 1 }))).toThrow(/version 99.*Upgrade @toil\/core/);
  });

  it('never takes a plain object with a $t key for a promise or an rv() placeholder', () => {
    const lookalikes = [
      { $t: 'promise', file: 'f1' },
      { $t: 'rv', index: 0 },
      { a: { $t: 'obj', v: { $t: 'promise', file: 'f2' } } },
    ];
    const data = JSON.parse(JSON.stringify(encode(lookalikes))) as Encoded;
    expect(promiseFilesIn(data)).toEqual([]);
    expect(fillPromiseMarkers(data, ['a-promise-file'])).toEqual(data);
    expect(decode(data, { decodePromise: () => 'resolved as a promise' })).toEqual(lookalikes);
  });

  it('keeps a __proto__ key as an own property, without setting a prototype', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    const back = decode(JSON.parse(JSON.stringify(encode(value))) as Encoded) as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.keys(back)).toEqual(['__proto__', 'a']);
    expect(Object.getOwnPropertyDescriptor(back, '__proto__')?.value).toEqual({ polluted: true });
    expect(back.polluted).toBeUndefined();
    // Hand-written data with the key (e.g. --args) decodes the same way.
    const plain = decode(JSON.parse('{"__proto__": {"polluted": true}}') as Encoded) as Record<string, unknown>;
    expect([Object.getPrototypeOf(plain), Object.hasOwn(plain, '__proto__'), plain.polluted]).toEqual([
      Object.prototype,
      true,
      undefined,
    ]);
  });

  it('reads escaped objects written in the first form (an object under v)', () => {
    expect(decode({ $t: 'obj', v: { $t: 'x', n: 1 } })).toEqual({ $t: 'x', n: 1 });
  });

  it(`refuses nesting deeper than ${MAX_DEPTH} levels with one line naming the limit, not a stack overflow`, () => {
    const nest = (levels: number) => {
      let value: unknown = 'bottom';
      for (let i = 0; i < levels; i++) value = [value];
      return value;
    };
    const deepest = encode(nest(MAX_DEPTH));
    expect(decode(JSON.parse(JSON.stringify(deepest)) as Encoded)).toEqual(nest(MAX_DEPTH));
    const deep = nest(20_000);
    expect(() => encode(deep, "arguments of 'square'")).toThrow(NestingTooDeepError);
    expect(() => encode(deep, "arguments of 'square'")).toThrow(
      `Cannot encode arguments of 'square': it nests deeper than ${MAX_DEPTH} levels, the codec's limit.`,
    );
    expect(() => encode(nest(MAX_DEPTH + 1))).toThrow(NestingTooDeepError);
    let maps: unknown = 1;
    for (let i = 0; i < 400; i++) maps = new Map([[i, maps]]);
    expect(() => encode(maps)).toThrow(NestingTooDeepError);
    expect(() => decode(JSON.parse(`${'['.repeat(20_000)}${']'.repeat(20_000)}`) as Encoded)).toThrow(
      NestingTooDeepError,
    );
  });
});
