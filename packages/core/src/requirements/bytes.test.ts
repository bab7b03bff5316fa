import { describe, expect, it } from 'vitest';
import { formatBytes, parseBytes } from './bytes.js';

describe('parseBytes', () => {
  it("reads Toil's size spellings", () => {
    expect(parseBytes('2G')).toBe(2 * 1024 ** 3);
    expect(parseBytes('512Mi')).toBe(512 * 1024 ** 2);
    expect(parseBytes('1.5GiB')).toBe(1.5 * 1024 ** 3);
    expect(parseBytes('100KB')).toBe(100_000);
    expect(parseBytes('100k')).toBe(102_400);
    expect(parseBytes('1000')).toBe(1000);
    expect(parseBytes(4096)).toBe(4096);
    expect(parseBytes(' 3 M ')).toBe(3 * 1024 ** 2);
  });

  it('rejects nonsense with a message that quotes it and gives examples', () => {
    expect(() => parseBytes('12 parsecs', 'memory')).toThrow(
      `Invalid memory "12 parsecs": use a number of bytes or a size like '512M', '2G', '1.5Gi' or '100KB'`,
    );
    expect(() => parseBytes(-1, 'disk')).toThrow(/Invalid disk -1/);
  });

  it('formats like Toil help', () => {
    expect(formatBytes(2 * 1024 ** 3)).toBe('2.0 Gi');
    expect(formatBytes(64000)).toBe('62.5 Ki');
    expect(formatBytes(100)).toBe('100 B');
    expect(formatBytes(Infinity)).toBe('unlimited');
  });
});
