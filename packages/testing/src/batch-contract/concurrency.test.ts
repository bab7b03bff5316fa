import { describe, expect, it } from 'vitest';
import { maxConcurrency } from './concurrency.js';

describe('maxConcurrency', () => {
  it('counts the most overlapping runs', () => {
    expect(maxConcurrency([])).toBe(0);
    expect(maxConcurrency([{ start: 0, end: 10 }])).toBe(1);
    expect(
      maxConcurrency([
        { start: 0, end: 10 },
        { start: 5, end: 15 },
        { start: 6, end: 7 },
        { start: 20, end: 30 },
      ]),
    ).toBe(3);
  });

  it('does not count a run that starts the instant another ends, whatever the input order', () => {
    expect(
      maxConcurrency([
        { start: 10, end: 20 },
        { start: 0, end: 10 },
      ]),
    ).toBe(1);
    expect(
      maxConcurrency([
        { start: 0, end: 10 },
        { start: 10, end: 20 },
        { start: 9, end: 11 },
      ]),
    ).toBe(2);
  });
});
