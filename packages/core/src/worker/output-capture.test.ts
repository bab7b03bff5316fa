import { describe, expect, it } from 'vitest';
import { OutputCapture } from './output-capture.js';

describe('OutputCapture', () => {
  it('returns what was written since the last take', () => {
    const capture = new OutputCapture();
    capture.add('before the job\n');
    expect(capture.take()).toBe('before the job\n');
    capture.add('one\n');
    capture.add(Buffer.from('two\n'));
    expect(capture.take()).toBe('one\ntwo\n');
    expect(capture.take()).toBe('');
  });

  it('keeps at least the last --maxLogFileSize bytes, and not unboundedly more', () => {
    const capture = new OutputCapture(100);
    for (let i = 0; i < 1000; i++) capture.add(`line ${String(i).padStart(4, '0')}\n`);
    const kept = capture.take();
    expect(kept.endsWith('line 0999\n')).toBe(true);
    expect(Buffer.byteLength(kept)).toBeGreaterThanOrEqual(100);
    expect(Buffer.byteLength(kept)).toBeLessThanOrEqual(200);
  });

  it('keeps everything with a limit of 0', () => {
    const capture = new OutputCapture(0);
    for (let i = 0; i < 1000; i++) capture.add('0123456789');
    expect(capture.take()).toHaveLength(10_000);
  });
});
