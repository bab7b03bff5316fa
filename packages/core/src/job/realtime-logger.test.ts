import { describe, expect, it, vi } from 'vitest';
import { RealtimeLogger, withRealtimeSink } from './realtime-logger.js';

describe('RealtimeLogger', () => {
  it('sends to the sink of the job running in this async context, formatted like console.log', async () => {
    const a: string[] = [];
    const b: string[] = [];
    const job = (into: string[], name: string) =>
      withRealtimeSink(
        (level, text) => into.push(`${level} ${text}`),
        async () => {
          RealtimeLogger.info('%s starts', name);
          await new Promise((resolve) => setTimeout(resolve, 10));
          RealtimeLogger.critical('%s has %d items', name, 3);
        },
      );
    await Promise.all([job(a, 'A'), job(b, 'B')]);
    expect(a).toEqual(['20 A starts', '50 A has 3 items']);
    expect(b).toEqual(['20 B starts', '50 B has 3 items']);
  });

  it('outside a job keeps only CRITICAL messages, on stderr', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      RealtimeLogger.info('dropped');
      RealtimeLogger.critical('kept');
      expect(write).toHaveBeenCalledTimes(1);
      expect(String(write.mock.calls[0][0])).toMatch(/\] CRITICAL RealtimeLogger: kept\n$/);
    } finally {
      write.mockRestore();
    }
  });
});
