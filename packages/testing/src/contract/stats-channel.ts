import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { MalformedStatsBlobError } from '@toil/core';
import type { ContractContext } from './context.js';

/**
 * How the stats/logging channel treats a reader that fails on a blob: a blob rejected as malformed is set aside
 * and never blocks the ones after it (the leader's log drain relies on this); any other failure leaves the blob
 * in the channel for the next read.
 */
export function describeStatsChannelFaults(ctx: ContractContext): void {
  describe('stats and logging: reader faults', () => {
    /** Read once, rejecting every blob that is not JSON as the leader's drain does. */
    const readRejectingBad = async (readAll = false): Promise<{ count: number; good: string[]; bad: string[] }> => {
      const good: string[] = [];
      const bad: string[] = [];
      const count = await ctx.store.readStatsAndLogging((blob) => {
        try {
          JSON.parse(blob);
        } catch {
          bad.push(blob);
          throw new MalformedStatsBlobError(blob, 'not JSON');
        }
        good.push(blob);
      }, readAll);
      return { count, good: good.sort(), bad };
    };

    it('sets a blob rejected as malformed aside: the blobs after it are passed, and it is never passed again', async () => {
      await ctx.store.writeStatsAndLogging('{"truncated": ');
      // Written later, so that they come after the bad blob in every store's order.
      await sleep(5);
      await ctx.store.writeStatsAndLogging('{"n":1}');
      await ctx.store.writeStatsAndLogging('{"n":2}');
      expect(await readRejectingBad()).toEqual({ count: 3, good: ['{"n":1}', '{"n":2}'], bad: ['{"truncated": '] });
      expect(await readRejectingBad()).toEqual({ count: 0, good: [], bad: [] });
      expect(await readRejectingBad(true)).toEqual({ count: 2, good: ['{"n":1}', '{"n":2}'], bad: [] });
      await ctx.store.writeStatsAndLogging('{"n":3}');
      expect(await readRejectingBad()).toEqual({ count: 1, good: ['{"n":3}'], bad: [] });
    });

    it('keeps a blob whose reader failed for another reason, and passes it again on the next read', async () => {
      await ctx.store.writeStatsAndLogging('{"n":1}');
      const failure = new Error('the log disk is full');
      await expect(ctx.store.readStatsAndLogging(() => Promise.reject(failure))).rejects.toBe(failure);
      expect(await readRejectingBad()).toEqual({ count: 1, good: ['{"n":1}'], bad: [] });
      expect(await readRejectingBad()).toEqual({ count: 0, good: [], bad: [] });
    });
  });
}
