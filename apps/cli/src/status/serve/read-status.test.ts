import { describe, expect, it } from 'vitest';
import { tail } from './read-status.js';

describe('log tails for the status page', () => {
  it('keeps a short log whole', () => {
    expect(tail('one\ntwo\n', 100)).toBe('one\ntwo\n');
  });

  it('keeps the end of a long log from a line start, saying that lines were cut', () => {
    const log = Array.from({ length: 10 }, (_, i) => `line ${i}`).join('\n');
    expect(tail(log, 20)).toBe('[... earlier lines cut ...]\nline 8\nline 9');
  });
});
