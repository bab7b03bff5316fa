import { describe, expect, it } from 'vitest';
import { V } from '../values.js';
import { pythonJson } from './json-text.js';

describe('write_json text', () => {
  it("lays JSON out as Python's json.dumps does (the suites' md5 sums are of that text)", () => {
    // json.dumps({"a": [1, 3], "b": [2]}) -> md5 cf373525532455655c9bc226c91f5842 in the DataBiosphere suite.
    const m = V.map([
      [V.string('a'), V.array([V.int(1), V.int(3)])],
      [V.string('b'), V.array([V.int(2)])],
    ]);
    expect(pythonJson(m)).toBe('{"a": [1, 3], "b": [2]}');
    expect(pythonJson(V.array([V.pair(V.string('a'), V.int(1))]))).toBe('[{"left": "a", "right": 1}]');
    expect(pythonJson(V.object([['x', V.bool(true)]]))).toBe('{"x": true}');
    expect(pythonJson(V.null)).toBe('null');
    // JSON object keys are strings: a Map with Int keys has no JSON form.
    expect(() => pythonJson(V.map([[V.int(1), V.string('one')]]))).toThrow(/a Map with Int keys such as 1/);
  });

  it('writes Floats as Python repr does and escapes non-ASCII', () => {
    // The right-hand sides are what Python 3 prints for json.dumps of the same numbers.
    const floats = [1, 1e16, 1e-7, 1.5e300, 0.1, 123456789012345680000, 1e22, 0.0001, -2.5].map(V.float);
    expect(pythonJson(V.array(floats))).toBe(
      '[1.0, 1e+16, 1e-07, 1.5e+300, 0.1, 1.2345678901234568e+20, 1e+22, 0.0001, -2.5]',
    );
    expect(pythonJson(V.string('é\u007f"\n😀'))).toBe('"\\u00e9\\u007f\\"\\n\\ud83d\\ude00"');
  });
});
