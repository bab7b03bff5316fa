import { describe, expect, it } from 'vitest';
import { truncateLog } from './truncate.js';

describe('truncateLog', () => {
  it('keeps the last N bytes of a longer log', () => {
    expect(truncateLog('0123456789', 4)).toBe('6789');
  });

  it('leaves a log that fits, and any log with 0, unchanged', () => {
    expect(truncateLog('short', 5)).toBe('short');
    expect(truncateLog('x'.repeat(100_000), 0)).toHaveLength(100_000);
  });

  it('never starts with half a UTF-8 character', () => {
    // 'é' is two bytes: the last 5 bytes of 'aéé' + 'b' start inside the first é.
    expect(truncateLog('aééb', 4)).toBe('éb');
    expect(Buffer.byteLength(truncateLog('€€€€', 7))).toBeLessThanOrEqual(7);
    expect(truncateLog('€€€€', 7)).toBe('€€');
  });
});
