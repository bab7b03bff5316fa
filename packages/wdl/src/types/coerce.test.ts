import { describe, expect, it } from 'vitest';
import { WdlEvalError, WdlInputError } from '../errors.js';
import { parseDocument } from '../syntax/parse.js';
import { V } from '../values.js';
import { coerce } from './coerce.js';
import { fromJson, toJson } from './json.js';
import { resolveType, type StructTable, type WdlType } from './types.js';

const structs: StructTable = new Map();
function type(text: string): WdlType {
  const doc = parseDocument(`version 1.1\nstruct P { Int a\n String? b }\nstruct S { ${text} x }`, 't.wdl');
  for (const s of doc.structs)
    structs.set(
      s.name,
      s.members.map((m) => [m.name, m.type]),
    );
  return resolveType(doc.structs[1].members[0].type, structs)!;
}

describe('coerce', () => {
  it('applies Int→Float, String↔File, optional and element-wise coercions', () => {
    expect(coerce(V.int(2), type('Float'))).toEqual(V.float(2));
    expect(coerce(V.string('a.txt'), type('File'))).toEqual(V.file('a.txt'));
    expect(coerce(V.file('a.txt'), type('String'))).toEqual(V.string('a.txt'));
    expect(coerce(V.null, type('Int?'))).toEqual(V.null);
    expect(coerce(V.array([V.int(1)]), type('Array[Float]+'))).toEqual(V.array([V.float(1)]));
    expect(toJson(coerce(V.map([[V.string('k'), V.int(1)]]), type('Map[String, Float]')))).toEqual({ k: 1 });
  });

  it('builds structs from objects and maps, filling missing optional members with None', () => {
    const p = coerce(V.object([['a', V.int(1)]]), type('P'));
    expect(p).toEqual(
      V.object(
        [
          ['a', V.int(1)],
          ['b', V.null],
        ],
        'P',
      ),
    );
    expect(coerce(V.map([[V.string('a'), V.int(3)]]), type('P'))).toMatchObject({ struct: 'P' });
    expect(() => coerce(V.object([['b', V.string('x')]]), type('P'))).toThrow(/member 'a' is missing/);
  });

  it('refuses what does not coerce, naming value and type', () => {
    expect(() => coerce(V.null, type('Int'))).toThrow(WdlEvalError);
    expect(() => coerce(V.array([]), type('Array[Int]+'))).toThrow(
      /cannot coerce array to Array\[Int\]\+ \(the array is empty\)/,
    );
    expect(() => coerce(V.string('x'), type('Int'))).toThrow(/cannot coerce String "x" to Int/);
    expect(coerce(V.string(' 2'), type('Int'))).toEqual(V.int(2));
  });
});

describe('JSON inputs', () => {
  it('reads pairs, maps, structs and numbers by the declared type', () => {
    expect(fromJson({ left: 1, right: 'a' }, type('Pair[Float, File]'), 'p')).toEqual(V.pair(V.float(1), V.file('a')));
    expect(fromJson({ a: 1 }, type('P'), 'p')).toMatchObject({ t: 'object', struct: 'P' });
    expect(fromJson([1, 2], type('Array[Int]'), 'xs')).toEqual(V.array([V.int(1), V.int(2)]));
  });

  it('names the input and the expected type when it does not fit', () => {
    expect(() => fromJson('abc', type('Int'), 'wf.n')).toThrow(WdlInputError);
    expect(() => fromJson('abc', type('Int'), 'wf.n')).toThrow(/^Input 'wf.n' = "abc" is not a Int/);
  });
});
