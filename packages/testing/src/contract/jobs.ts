import { describe, expect, it } from 'vitest';
import type { NoSuchJobError } from '@toil/core';
import { SharedFiles } from '@toil/core/backend';
import { makeJob } from '../job-fixture.js';
import { collect, expectToilError, type ContractContext } from './context.js';

/** Job descriptions: create, load, update, delete, listing, ownership of files, the root job. */
export function describeJobs(ctx: ContractContext): void {
  describe('jobs', () => {
    it('assignId returns distinct IDs', () => {
      const ids = new Set(Array.from({ length: 2000 }, () => ctx.store.assignId()));
      expect(ids.size).toBe(2000);
      for (const id of [...ids].slice(0, 10)) expect(id.length).toBeGreaterThan(3);
    });

    it('create then load returns an equal description', async () => {
      const job = makeJob(ctx.store.assignId(), { successors: [['a', 'b'], ['c']], predecessorCount: 2 });
      await ctx.store.create(job);
      expect(await ctx.store.load(job.id)).toEqual(job);
      expect(await ctx.store.tryLoad(job.id)).toEqual(job);
      expect(await ctx.store.jobExists(job.id)).toBe(true);
    });

    it('a missing job: load throws NoSuchJobError, tryLoad gives undefined, jobExists is false', async () => {
      for (const id of [ctx.store.assignId(), '../escape', 'a/b', '']) {
        const error = (await expectToilError(ctx.store.load(id), 'NO_SUCH_JOB')) as NoSuchJobError;
        expect(error.jobId).toBe(id);
        expect(await ctx.store.tryLoad(id)).toBeUndefined();
        expect(await ctx.store.jobExists(id)).toBe(false);
      }
    });

    it('update replaces the description', async () => {
      const job = makeJob(ctx.store.assignId());
      await ctx.store.create(job);
      const changed = { ...job, done: true, remainingTries: 0, successors: [['x']], filesToDelete: ['f1'] };
      await ctx.store.update(changed);
      expect(await ctx.store.load(job.id)).toEqual(changed);
      await ctx.store.update({ ...changed, displayName: 'third' });
      expect((await ctx.store.load(job.id)).displayName).toBe('third');
    });

    it('loaded descriptions are copies', async () => {
      const job = makeJob(ctx.store.assignId());
      await ctx.store.create(job);
      const loaded = await ctx.store.load(job.id);
      loaded.successors.push(['mutated']);
      job.displayName = 'mutated after create';
      expect(await ctx.store.load(job.id)).toEqual(makeJob(job.id));
    });

    it('update of a deleted job throws NoSuchJobError and does not bring it back', async () => {
      const job = makeJob(ctx.store.assignId());
      await ctx.store.create(job);
      await ctx.store.delete(job.id);
      await expectToilError(ctx.store.update(job), 'NO_SUCH_JOB');
      expect(await ctx.store.jobExists(job.id)).toBe(false);
    });

    it('delete removes the job and is idempotent', async () => {
      const job = makeJob(ctx.store.assignId());
      await ctx.store.create(job);
      await ctx.store.delete(job.id);
      expect(await ctx.store.jobExists(job.id)).toBe(false);
      expect(await ctx.store.tryLoad(job.id)).toBeUndefined();
      await ctx.store.delete(job.id);
      await ctx.store.delete(ctx.store.assignId());
    });

    it('delete removes the files the job owns and keeps the others', async () => {
      const id = ctx.store.assignId();
      await ctx.store.create(makeJob(id));
      const owned = [
        await ctx.store.writeFileBytes('owned bytes', { ownerJobId: id }),
        await ctx.store.getEmptyFileId({ ownerJobId: id }),
        await ctx.store.writeFileStream(async (s) => void s.end('owned stream'), { ownerJobId: id }),
      ];
      const free = await ctx.store.writeFileBytes('free');
      const otherJob = ctx.store.assignId();
      await ctx.store.create(makeJob(otherJob));
      const othersFile = await ctx.store.writeFileBytes('other', { ownerJobId: otherJob });
      await ctx.store.delete(id);
      for (const fileId of owned) {
        expect(await ctx.store.fileExists(fileId)).toBe(false);
        expect(await ctx.store.getFileSize(fileId)).toBe(0);
        await expectToilError(ctx.store.readFileBytes(fileId), 'NO_SUCH_FILE');
      }
      expect((await ctx.store.readFileBytes(free)).toString()).toBe('free');
      expect((await ctx.store.readFileBytes(othersFile)).toString()).toBe('other');
    });

    it('files may be owned by an assigned ID before the job is created', async () => {
      const id = ctx.store.assignId();
      const fileId = await ctx.store.writeFileBytes('early', { ownerJobId: id, basename: 'early.txt' });
      const promiseFile = await ctx.store.getEmptyFileId({ ownerJobId: id });
      expect(await ctx.store.jobExists(id)).toBe(false);
      expect((await collect(ctx.store.jobs())).map((j) => j.id)).not.toContain(id);
      await ctx.store.create(makeJob(id));
      expect((await ctx.store.readFileBytes(fileId)).toString()).toBe('early');
      await ctx.store.delete(id);
      expect(await ctx.store.fileExists(fileId)).toBe(false);
      expect(await ctx.store.fileExists(promiseFile)).toBe(false);
    });

    it('jobs() lists exactly the existing jobs', async () => {
      expect(await collect(ctx.store.jobs())).toEqual([]);
      const created = await Promise.all(
        Array.from({ length: 30 }, async (_, i) => {
          const job = makeJob(ctx.store.assignId(), { displayName: `job ${i}` });
          await ctx.store.create(job);
          return job;
        }),
      );
      for (const job of created.slice(0, 5)) await ctx.store.delete(job.id);
      const listed = await collect(ctx.store.jobs());
      const byId = new Map(listed.map((j) => [j.id, j]));
      expect(listed).toHaveLength(25);
      for (const job of created.slice(5)) expect(byId.get(job.id)).toEqual(job);
    });

    it('many concurrent creates and loads all succeed', async () => {
      const ids = Array.from({ length: 300 }, () => ctx.store.assignId());
      await Promise.all(ids.map((id, i) => ctx.store.create(makeJob(id, { predecessorCount: i }))));
      const loaded = await Promise.all(ids.map((id) => ctx.store.load(id)));
      expect(loaded.map((j) => j.predecessorCount)).toEqual(ids.map((_, i) => i));
    });

    it('records the root job', async () => {
      expect(await ctx.store.loadRootJobId()).toBeUndefined();
      const id = ctx.store.assignId();
      await ctx.store.create(makeJob(id));
      await ctx.store.setRootJob(id);
      expect(await ctx.store.loadRootJobId()).toBe(id);
      expect((await ctx.store.readSharedFile(SharedFiles.rootJob))?.toString('utf8')).toBe(id);
      const next = ctx.store.assignId();
      await ctx.store.setRootJob(next);
      expect(await ctx.store.loadRootJobId()).toBe(next);
    });
  });
}
