import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WdlEvalError } from '../errors.js';
import { evalJson, evalWdl } from './test-helpers.js';

describe('expressions', () => {
  it('follows Int/Float arithmetic, string concatenation and comparisons', () => {
    expect(evalWdl('7 / 2')).toEqual({ t: 'int', v: 3 });
    expect(evalWdl('-7 / 2')).toEqual({ t: 'int', v: -3 });
    expect(evalWdl('7.0 / 2')).toEqual({ t: 'float', v: 3.5 });
    expect(evalJson('"a" + 1 + "b"')).toBe('a1b');
    expect(evalJson('"x~{1.5}y"')).toBe('x1.500000y');
    expect(evalJson('[1 < 2, "a" < "b", 1 == 1.0, [1, 2] == [1, 2], true && !false]')).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(evalJson('if 1 > 2 then "a" else "b"')).toBe('b');
    expect(evalJson('{"a": 1, "b": 2}["b"]')).toBe(2);
    expect(evalJson('(1, "x").right')).toBe('x');
    expect(evalJson('object { a: 1 }.a')).toBe(1);
  });

  it('renders placeholders with sep, true/false and default, and None as the default', () => {
    expect(evalJson('"~{sep=", " [1, 2, 3]}"')).toBe('1, 2, 3');
    expect(evalJson('"~{true="yes" false="no" false}"')).toBe('no');
    expect(evalJson('"[~{default="d" None}]"')).toBe('[d]');
    expect(evalJson('"[~{"a" + None}]"')).toBe('[]');
  });

  it('fails with the position of the failing expression', () => {
    expect(() => evalWdl('[1, 2][5]')).toThrow(WdlEvalError);
    expect(() => evalWdl('[1, 2][5]')).toThrow(/^<expr>:1:1: index 5 is out of range \(length 2\)/);
    expect(() => evalWdl('nosuch(1)')).toThrow(/unknown function 'nosuch'/);
  });
});

describe('standard library', () => {
  it('computes with numbers and strings', () => {
    expect(evalJson('[floor(2.7), ceil(2.1), round(2.5), round(-2.5), min(1, 2.0), max(3, 4)]')).toEqual([
      2, 3, 3, -3, 1, 4,
    ]);
    expect(evalJson('sub("aaa bbb", "a+", "x")')).toBe('x bbb');
    expect(evalJson('basename("/a/b/c.txt", ".txt")')).toBe('c');
    expect(evalJson('sep(",", ["a", "b"])')).toBe('a,b');
    expect(evalJson('prefix("-f ", [1, 2])')).toEqual(['-f 1', '-f 2']);
    expect(evalJson('suffix(".x", ["a"])')).toEqual(['a.x']);
    expect(evalJson('quote([1])')).toEqual(['"1"']);
    expect(evalJson('squote(["a"])')).toEqual(["'a'"]);
  });

  it('handles arrays, maps and pairs', () => {
    expect(evalJson('range(3)')).toEqual([0, 1, 2]);
    expect(evalJson('transpose([[1, 2, 3], [4, 5, 6]])')).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(evalJson('zip([1, 2], ["a", "b"])')).toEqual([
      { left: 1, right: 'a' },
      { left: 2, right: 'b' },
    ]);
    expect(evalJson('length(cross([1, 2], ["a", "b", "c"]))')).toBe(6);
    expect(evalJson('unzip([(1, "a"), (2, "b")])')).toEqual({ left: [1, 2], right: ['a', 'b'] });
    expect(evalJson('flatten([[1], [], [2, 3]])')).toEqual([1, 2, 3]);
    expect(evalJson('[select_first([None, 2, 3]), length(select_all([None, 1])), defined(None)]')).toEqual([
      2,
      1,
      false,
    ]);
    expect(evalJson('as_map([("a", 1), ("b", 2)])')).toEqual({ a: 1, b: 2 });
    expect(evalJson('as_pairs({"a": 1})')).toEqual([{ left: 'a', right: 1 }]);
    expect(evalJson('keys({"a": 1, "b": 2})')).toEqual(['a', 'b']);
    expect(evalJson('collect_by_key([("a", 1), ("b", 2), ("a", 3)])')).toEqual({ a: [1, 3], b: [2] });
    expect(() => evalWdl('as_map([("a", 1), ("a", 2)])')).toThrow(/duplicate key/);
    expect(() => evalWdl('select_first([None])')).toThrow(/no defined value/);
  });

  it('reads and writes files in the context directories', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wdl-stdlib-'));
    writeFileSync(join(dir, 'lines.txt'), 'a\tb\nc\td\n');
    writeFileSync(join(dir, 'n.txt'), ' 42\n');
    writeFileSync(join(dir, 'j.json'), '{"x": [1, 2.5, "s"]}');
    const ctx = { cwd: dir, writeDir: join(dir, 'w') };
    expect(evalJson('read_lines("lines.txt")', ctx)).toEqual(['a\tb', 'c\td']);
    expect(evalJson('read_tsv("lines.txt")', ctx)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(evalJson('read_map("lines.txt")', ctx)).toEqual({ a: 'b', c: 'd' });
    expect(evalJson('read_objects("lines.txt")', ctx)).toEqual([{ a: 'c', b: 'd' }]);
    expect(evalJson('read_int("n.txt")', ctx)).toBe(42);
    // `wc -l file` output, as the spec's examples read it; two lines or a first word that is no number still fail.
    writeFileSync(join(dir, 'wc.txt'), '3 /data/greetings.txt\n');
    writeFileSync(join(dir, 'two.txt'), '3\n4\n');
    expect(evalJson('read_int("wc.txt")', ctx)).toBe(3);
    expect(() => evalJson('read_int("two.txt")', ctx)).toThrow(/read_int\(\): the file holds "3\\n4\\n"/);
    expect(() => evalJson('read_int("lines.txt")', ctx)).toThrow(/not a value of the right type/);
    expect(evalJson('read_json("j.json")', ctx)).toEqual({ x: [1, 2.5, 's'] });
    const written = evalJson('write_tsv([["1", "2"], ["3", "4"]])', ctx) as string;
    expect(readFileSync(written, 'utf8')).toBe('1\t2\n3\t4\n');
    expect(readFileSync(evalJson('write_json({"a": [1]})', ctx) as string, 'utf8')).toBe('{"a": [1]}');
    expect(() => evalJson('write_json((1, {2: "hello"}))', ctx)).toThrow(
      /write_json\(\): a Map with Int keys such as 2 has no JSON form: only Map\[String, X\] can be written as JSON/,
    );
    expect(evalJson('size("lines.txt")', ctx)).toBe(8);
    expect(evalJson('size(["lines.txt", None], "KB")', ctx)).toBe(0.008);
    expect((evalJson('glob("*.txt")', ctx) as string[]).map((p) => p.slice(dir.length + 1))).toEqual([
      'lines.txt',
      'n.txt',
      'two.txt',
      'wc.txt',
    ]);
  });
});
