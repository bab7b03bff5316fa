import { describe, expect, it } from 'vitest';
import { SharedFiles } from '@toil/core/backend';
import { testConfig } from '../config.js';
import { makeJob } from '../job-fixture.js';
import { expectToilError, type ContractContext } from './context.js';

/** initialize / resume / exists / writeConfig / destroy, their errors, and persistence across instances. */
export function describeLifecycle(ctx: ContractContext): void {
  describe('lifecycle', () => {
    it('a new store does not exist and cannot be resumed', async () => {
      const store = await ctx.fresh();
      expect(await store.exists()).toBe(false);
      const error = await expectToilError(store.resume(), 'NO_SUCH_JOB_STORE');
      expect(error.message).toContain(store.locator);
    });

    it('initialize persists the config, including Infinity values, and resume returns it', async () => {
      const store = await ctx.fresh();
      const config = testConfig({
        jobStore: store.locator,
        workflowId: 'wf-123',
        maxMemory: Infinity,
        extra: { flag: 'x' },
      });
      await store.initialize(config);
      expect(await store.exists()).toBe(true);
      const resumed = await store.resume();
      expect(resumed).toEqual(config);
      expect(resumed.maxCores).toBe(Infinity);
      expect(resumed.environment).toEqual({ TOIL_TEST: '1' });
    });

    it('initialize on an existing store throws JobStoreExistsError and keeps the old config', async () => {
      const store = await ctx.fresh();
      await store.initialize(testConfig({ workflowId: 'first' }));
      const error = await expectToilError(store.initialize(testConfig({ workflowId: 'second' })), 'JOB_STORE_EXISTS');
      expect(error.message).toContain(store.locator);
      if (ctx.reopen) await expectToilError((await ctx.reopen(store)).initialize(testConfig()), 'JOB_STORE_EXISTS');
      expect((await store.resume()).workflowId).toBe('first');
    });

    it('of several instances initializing one new store at once, exactly one succeeds', async () => {
      const store = await ctx.fresh();
      const others = await Promise.all([1, 2, 3, 4].map(async () => (ctx.reopen ? ctx.reopen(store) : store)));
      const outcomes = await Promise.allSettled(
        [store, ...others].map((s, i) => s.initialize(testConfig({ workflowId: `racer-${i}` }))),
      );
      const winners = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [i] : []));
      expect(winners).toHaveLength(1);
      for (const o of outcomes)
        if (o.status === 'rejected') expect((o.reason as { code?: string }).code).toBe('JOB_STORE_EXISTS');
      expect((await store.resume()).workflowId).toBe(`racer-${winners[0]}`);
    });

    it('writeConfig replaces the stored config', async () => {
      await ctx.store.writeConfig(testConfig({ workflowAttemptNumber: 2, restart: true, retryCount: 7 }));
      const resumed = await ctx.store.resume();
      expect(resumed.workflowAttemptNumber).toBe(2);
      expect(resumed.retryCount).toBe(7);
      if (ctx.reopen) expect((await (await ctx.reopen(ctx.store)).resume()).retryCount).toBe(7);
      expect(
        JSON.parse((await ctx.store.readSharedFile(SharedFiles.config))?.toString('utf8') ?? 'null'),
      ).not.toBeNull();
    });

    it('destroy removes everything, is idempotent, and the location can be initialized again', async () => {
      const store = await ctx.fresh();
      await store.initialize(testConfig());
      const id = store.assignId();
      await store.create(makeJob(id));
      const fileId = await store.writeFileBytes('data');
      await store.writeSharedFile('note.txt', 'hello');
      await store.destroy();
      expect(await store.exists()).toBe(false);
      await expectToilError(store.resume(), 'NO_SUCH_JOB_STORE');
      await store.destroy();
      await store.initialize(testConfig({ workflowId: 'again' }));
      expect((await store.resume()).workflowId).toBe('again');
      expect(await store.tryLoad(id)).toBeUndefined();
      expect(await store.fileExists(fileId)).toBe(false);
      expect(await store.readSharedFile('note.txt')).toBeUndefined();
    });

    it('destroy on a store that never existed does nothing', async () => {
      const store = await ctx.fresh();
      await store.destroy();
      expect(await store.exists()).toBe(false);
    });

    it('has a locator and a string-only environment', async () => {
      expect(ctx.store.locator).toMatch(/^[a-z]+:.+/);
      const env = ctx.store.getEnv();
      for (const value of Object.values(env)) expect(typeof value).toBe('string');
    });

    const reopen = ctx.reopen;
    it.runIf(reopen !== undefined)('a second instance on the same locator sees the same data', async () => {
      if (!reopen) return;
      const id = ctx.store.assignId();
      await ctx.store.create(makeJob(id, { displayName: 'shared' }));
      const fileId = await ctx.store.writeFileBytes('across instances', { ownerJobId: id });
      await ctx.store.setRootJob(id);
      const other = await reopen(ctx.store);
      expect(other.locator).toBe(ctx.store.locator);
      expect((await other.resume()).workflowId).toBe('test-workflow-0001');
      expect((await other.load(id)).displayName).toBe('shared');
      expect((await other.readFileBytes(fileId)).toString()).toBe('across instances');
      expect(await other.loadRootJobId()).toBe(id);
      await other.delete(id);
      expect(await ctx.store.jobExists(id)).toBe(false);
      expect(await ctx.store.fileExists(fileId)).toBe(false);
    });
  });
}
