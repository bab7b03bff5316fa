import { describe, expect, it } from 'vitest';
import type { CwlType } from '../model.js';
import { branchFor, describeType, matches } from './check.js';

const record: CwlType = {
  type: 'record',
  fields: [
    { name: 'a', type: 'int' },
    { name: 'b', type: ['null', 'string'] },
  ],
};

describe('matches', () => {
  it('checks scalars, optional values and Any', () => {
    expect(matches(3, 'int')).toBe(true);
    expect(matches(3.5, 'int')).toBe(false);
    expect(matches(3.5, 'double')).toBe(true);
    expect(matches(null, ['null', 'int'])).toBe(true);
    expect(matches(null, 'Any')).toBe(false);
    expect(matches({ x: 1 }, 'Any')).toBe(true);
  });
  it('checks arrays, enums, records and File/Directory objects deeply', () => {
    expect(matches([1, 2], { type: 'array', items: 'int' })).toBe(true);
    expect(matches([1, 'x'], { type: 'array', items: 'int' })).toBe(false);
    expect(matches('b', { type: 'enum', symbols: ['a', 'b'] })).toBe(true);
    expect(matches('c', { type: 'enum', symbols: ['a', 'b'] })).toBe(false);
    expect(matches({ a: 1 }, record)).toBe(true);
    expect(matches({ b: 'x' }, record)).toBe(false);
    expect(matches({ class: 'File', location: 'x' }, 'File')).toBe(true);
    expect(matches({ class: 'File', location: 'x' }, 'Directory')).toBe(false);
  });
  it('picks the branch of a union a value fits and describes types for messages', () => {
    expect(branchFor([1], ['null', 'string', { type: 'array', items: 'int' }])).toEqual({
      type: 'array',
      items: 'int',
    });
    expect(describeType(['null', { type: 'array', items: 'File' }])).toBe('null | File[]');
  });
});
