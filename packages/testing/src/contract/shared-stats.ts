import { describe, expect, it } from 'vitest';
import { SharedFiles } from '@toil/core/backend';
import { binaryData, expectToilError, type ContractContext } from './context.js';

/** Shared (named) files and the stats-and-logging channel. */
export function describeSharedAndStats(ctx: ContractContext): void {
  describe('shared files', () => {
    it('writes, overwrites, reads and deletes named files', async () => {
      expect(await ctx.store.readSharedFile('notes.txt')).toBeUndefined();
      await ctx.store.writeSharedFile('notes.txt', 'first');
      expect((await ctx.store.readSharedFile('notes.txt'))?.toString()).toBe('first');
      const data = binaryData(10_000);
      await ctx.store.writeSharedFile('notes.txt', data);
      expect(Buffer.compare((await ctx.store.readSharedFile('notes.txt')) ?? Buffer.alloc(0), data)).toBe(0);
      await ctx.store.deleteSharedFile('notes.txt');
      expect(await ctx.store.readSharedFile('notes.txt')).toBeUndefined();
      await ctx.store.deleteSharedFile('notes.txt');
    });

    it('accepts every name core uses', async () => {
      for (const name of Object.values(SharedFiles)) {
        if (name === SharedFiles.config) continue;
        await ctx.store.writeSharedFile(name, `content of ${name}`);
        expect((await ctx.store.readSharedFile(name))?.toString()).toBe(`content of ${name}`);
      }
    });

    it('createSharedFile creates a file only when it does not exist', async () => {
      expect(await ctx.store.createSharedFile('once.lock', 'first')).toBe(true);
      expect(await ctx.store.createSharedFile('once.lock', 'second')).toBe(false);
      expect((await ctx.store.readSharedFile('once.lock'))?.toString()).toBe('first');
      await ctx.store.deleteSharedFile('once.lock');
      expect(await ctx.store.createSharedFile('once.lock', 'third')).toBe(true);
      expect((await ctx.store.readSharedFile('once.lock'))?.toString()).toBe('third');
      await ctx.store.deleteSharedFile('once.lock');
    });

    it('of several instances creating one shared file at once, exactly one succeeds and its content is whole', async () => {
      const reopen = ctx.reopen;
      const stores = await Promise.all(Array.from({ length: 8 }, async () => (reopen ? reopen(ctx.store) : ctx.store)));
      const content = (i: number) => `racer ${i} `.repeat(2_000);
      const created = await Promise.all(stores.map((s, i) => s.createSharedFile('race.lock', content(i))));
      expect(created.filter(Boolean)).toHaveLength(1);
      expect((await ctx.store.readSharedFile('race.lock'))?.toString()).toBe(content(created.indexOf(true)));
      await ctx.store.deleteSharedFile('race.lock');
    });

    it('createSharedFile on a destroyed store throws NoSuchJobStoreError and does not bring the store back', async () => {
      const store = await ctx.fresh();
      await expectToilError(store.createSharedFile('x.lock', 'x'), 'NO_SUCH_JOB_STORE');
      expect(await store.exists()).toBe(false);
    });

    it('rejects names outside [a-zA-Z0-9._-] with InvalidValueError', async () => {
      for (const name of ['a/b', '../escape', '', 'with space', 'ümlaut', 'x\\y']) {
        const error = await expectToilError(ctx.store.writeSharedFile(name, 'x'), 'INVALID_VALUE');
        expect(error.message).toContain(JSON.stringify(name));
        await expectToilError(ctx.store.readSharedFile(name), 'INVALID_VALUE');
        await expectToilError(ctx.store.deleteSharedFile(name), 'INVALID_VALUE');
        await expectToilError(ctx.store.createSharedFile(name, 'x'), 'INVALID_VALUE');
      }
    });
  });

  describe('stats and logging', () => {
    const read = async (readAll = false): Promise<{ count: number; blobs: string[] }> => {
      const blobs: string[] = [];
      const count = await ctx.store.readStatsAndLogging((blob) => void blobs.push(blob), readAll);
      return { count, blobs: blobs.sort() };
    };

    it('passes each blob once, and all of them again with readAll', async () => {
      expect(await read()).toEqual({ count: 0, blobs: [] });
      const blobs = ['{"a":1}', 'ünïcödé log line ✓', 'x'.repeat(100_000)].sort();
      for (const blob of blobs) await ctx.store.writeStatsAndLogging(blob);
      expect(await read()).toEqual({ count: 3, blobs });
      expect(await read()).toEqual({ count: 0, blobs: [] });
      expect(await read(true)).toEqual({ count: 3, blobs });
      await ctx.store.writeStatsAndLogging('late');
      expect(await read()).toEqual({ count: 1, blobs: ['late'] });
      expect(await read(true)).toEqual({ count: 4, blobs: [...blobs, 'late'].sort() });
      expect(await read()).toEqual({ count: 0, blobs: [] });
    });

    it('awaits async callbacks one blob at a time', async () => {
      for (let i = 0; i < 5; i++) await ctx.store.writeStatsAndLogging(`blob ${i}`);
      let active = 0;
      let maxActive = 0;
      const seen: string[] = [];
      const count = await ctx.store.readStatsAndLogging(async (blob) => {
        maxActive = Math.max(maxActive, ++active);
        await new Promise((resolve) => setTimeout(resolve, 5));
        seen.push(blob);
        active--;
      });
      expect(count).toBe(5);
      expect(maxActive).toBe(1);
      expect(seen.sort()).toEqual(['blob 0', 'blob 1', 'blob 2', 'blob 3', 'blob 4']);
    });
  });
}
