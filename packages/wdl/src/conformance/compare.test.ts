import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareLoose, compareTyped } from './compare.js';

describe('compareTyped (DataBiosphere rules)', () => {
  it('compares scalars by value, arrays in order, maps by position and pairs exactly', () => {
    expect(compareTyped('Int', 1, 1.0, 'x')).toBeUndefined();
    expect(compareTyped('Array[String]', ['a', 'b'], ['a', 'b'], 'x')).toBeUndefined();
    expect(compareTyped('Array[String]', ['a', 'b'], ['b', 'a'], 'x')).toBe('x[0]: expected "a", got "b"');
    expect(compareTyped('Map[Int, String]', { 1: 'a' }, { '1': 'a' }, 'm')).toBeUndefined();
    expect(compareTyped('Pair[Int, Array[Int]]', { left: 1, right: [2] }, { left: 1, right: [3] }, 'p')).toBe(
      'p.right[0]: expected 2, got 3',
    );
  });

  it('checks a File by its existence and its content (md5sum or regex)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wdl-compare-'));
    const file = join(dir, 'f.txt');
    writeFileSync(file, 'hello\n');
    expect(compareTyped('File', { md5sum: 'b1946ac92492d2347c6235b4d2611184' }, file, 'f')).toBeUndefined();
    expect(compareTyped('File', { regex: 'hel+o' }, file, 'f')).toBeUndefined();
    expect(compareTyped('File', { regex: 'bye' }, file, 'f')).toBe('f: content does not match /bye/');
    expect(compareTyped('File', { regex: '.*' }, join(dir, 'none'), 'f')).toMatch(/does not exist/);
    // A relative path is the runner's: it is found from the runner's working directory.
    expect(compareTyped('File', { regex: 'hel+o' }, 'f.txt', 'f', dir)).toBeUndefined();
  });

  it('compares an Object output member by member with the types the suite gives', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wdl-compare-'));
    writeFileSync(join(dir, 'f.txt'), 'hello\n');
    const type = { a: 'Int', f: 'File' };
    const expected = { a: 10, f: { md5sum: 'b1946ac92492d2347c6235b4d2611184' } };
    expect(compareTyped(type, expected, { a: 10, f: 'f.txt' }, 'o', dir)).toBeUndefined();
    expect(compareTyped(type, expected, { a: 11, f: 'f.txt' }, 'o', dir)).toBe('o.a: expected 10, got 11');
  });
});

describe('compareLoose (spec examples)', () => {
  it('reduces existing absolute paths to their basename and compares objects by the expected keys', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wdl-compare-'));
    writeFileSync(join(dir, 'out.txt'), '');
    expect(compareLoose('out.txt', join(dir, 'out.txt'), 'o')).toBeUndefined();
    expect(compareLoose({ a: 1 }, { a: 1.0, b: 2 }, 'o')).toBeUndefined();
    expect(compareLoose([1, 2], [1], 'o')).toBe('o: expected [1,2], got [1]');
  });
});
