import { describe, expect, it } from 'vitest';
import { formatMemory, formatNumber, formatTime, prettyMemory, prettyTime } from './numbers.js';

describe('stats number formats', () => {
  it("prints counts as C's %g, seconds with two decimals, memory in whole KiB", () => {
    expect(formatNumber(2 ** 63 - 1)).toBe('9.22337e+18');
    expect(formatNumber(1)).toBe('1');
    expect(formatNumber(1.5, 7)).toBe('    1.5');
    expect(formatTime(0.125 + 1e-9, false, 8)).toBe('    0.13');
    expect(formatTime(-0.001, false)).toBe('-0.00');
    expect(formatMemory(76.9, false, 8)).toBe('     76K');
    expect(formatMemory(2097152, false)).toBe('2097152K');
  });

  it('prints human units with --pretty', () => {
    expect(prettyTime(45.9)).toBe('45s');
    expect(prettyTime(200)).toBe('3m20s');
    expect(prettyTime(5 * 3600 + 12 * 60 + 3)).toBe('5h12m3s');
    expect(prettyTime(2 * 86400 + 4 * 3600 + 9)).toBe('2days4h0m9s');
    expect(prettyTime(86400 * 8 + 3600)).toBe('1week1day1h0m0s');
    expect(prettyMemory(512)).toBe('512K');
    expect(prettyMemory(1536)).toBe('1.5M');
    expect(prettyMemory(2 * 1024 ** 2)).toBe('2.0G');
    expect(formatTime(200, true, 8)).toBe('   3m20s');
  });
});
