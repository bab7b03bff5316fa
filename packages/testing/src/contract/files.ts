import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import type { NoSuchFileError } from '@toil/core';
import { binaryData, expectToilError, streamBytes, type ContractContext } from './context.js';
import { makeJob } from '../job-fixture.js';

/** Job-store files: writing, reading, updating and deleting, sizes and the executable bit. */
export function describeFiles(ctx: ContractContext): void {
  describe('files', () => {
    it('stores bytes and strings exactly', async () => {
      const data = binaryData(70_000);
      const id = await ctx.store.writeFileBytes(data);
      expect(Buffer.compare(await ctx.store.readFileBytes(id), data)).toBe(0);
      expect(await ctx.store.getFileSize(id)).toBe(70_000);
      expect(await ctx.store.fileExists(id)).toBe(true);
      const text = await ctx.store.writeFileBytes('ünïcödé ✓');
      expect((await ctx.store.readFileBytes(text)).toString('utf8')).toBe('ünïcödé ✓');
      expect(await ctx.store.getFileSize(text)).toBe(Buffer.byteLength('ünïcödé ✓'));
    });

    it('gives every file its own ID', async () => {
      const ids = await Promise.all(
        Array.from({ length: 100 }, (_, i) => ctx.store.writeFileBytes(`file ${i}`, { basename: 'same.txt' })),
      );
      expect(new Set(ids).size).toBe(100);
      expect((await ctx.store.readFileBytes(ids[42])).toString()).toBe('file 42');
    });

    it('writeFile copies a local file; later changes to the local file do not leak in', async () => {
      const local = join(ctx.dir, 'input.bin');
      const data = binaryData(200_000);
      await writeFile(local, data);
      const id = await ctx.store.writeFile(local, { basename: 'input.bin' });
      await writeFile(local, 'changed');
      expect(Buffer.compare(await ctx.store.readFileBytes(id), data)).toBe(0);
      expect(await ctx.store.getFileSize(id)).toBe(200_000);
    });

    it('keeps the executable bit from the source file or the option', async () => {
      const script = join(ctx.dir, 'run.sh');
      await writeFile(script, '#!/bin/sh\necho hi\n');
      await chmod(script, 0o755);
      const plain = join(ctx.dir, 'plain.txt');
      await writeFile(plain, 'text');
      await chmod(plain, 0o644);
      const exe = await ctx.store.writeFile(script);
      const notExe = await ctx.store.writeFile(plain);
      const forced = await ctx.store.writeFile(plain, { executable: true });
      const bytesExe = await ctx.store.writeFileBytes('x', { executable: true });
      expect(await ctx.store.isExecutable(exe)).toBe(true);
      expect(await ctx.store.isExecutable(notExe)).toBe(false);
      expect(await ctx.store.isExecutable(forced)).toBe(true);
      expect(await ctx.store.isExecutable(bytesExe)).toBe(true);
      for (const mutable of [true, false]) {
        const out = join(ctx.dir, `exe-${mutable}`);
        await ctx.store.readFile(exe, out, { mutable });
        expect((await stat(out)).mode & 0o111).not.toBe(0);
        const outPlain = join(ctx.dir, `plain-${mutable}`);
        await ctx.store.readFile(notExe, outPlain, { mutable });
        expect((await stat(outPlain)).mode & 0o111).toBe(0);
      }
      await expectToilError(ctx.store.isExecutable(ctx.store.assignId()), 'NO_SUCH_FILE');
    });

    it('writeFileStream stores what fill wrote, under the ID fill was given, only once complete', async () => {
      let seenId = '';
      const id = await ctx.store.writeFileStream(async (stream, fileId) => {
        seenId = fileId;
        stream.write('part one, ');
        expect(await ctx.store.fileExists(fileId)).toBe(false);
        stream.write(Buffer.from('part two'));
      });
      expect(id).toBe(seenId);
      expect((await ctx.store.readFileBytes(id)).toString()).toBe('part one, part two');
      const big = binaryData(3_000_000);
      const piped = await ctx.store.writeFileStream((stream) =>
        pipeline(Readable.from([big.subarray(0, 1_000_000), big.subarray(1_000_000)]), stream),
      );
      expect(Buffer.compare(await ctx.store.readFileBytes(piped), big)).toBe(0);
      const ended = await ctx.store.writeFileStream(async (stream) => void stream.end('ended by fill'));
      expect((await ctx.store.readFileBytes(ended)).toString()).toBe('ended by fill');
    });

    it('writeFileStream leaves no file when fill fails', async () => {
      let seenId = '';
      const failure = new Error('fill failed');
      await expect(
        ctx.store.writeFileStream(async (stream, fileId) => {
          seenId = fileId;
          stream.write('partial');
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await ctx.store.fileExists(seenId)).toBe(false);
    });

    it('getEmptyFileId creates an empty file that can be updated', async () => {
      const id = await ctx.store.getEmptyFileId({ basename: 'promise' });
      expect(await ctx.store.fileExists(id)).toBe(true);
      expect(await ctx.store.getFileSize(id)).toBe(0);
      expect((await ctx.store.readFileBytes(id)).length).toBe(0);
      await ctx.store.updateFileBytes(id, '{"value":1}');
      expect((await ctx.store.readFileBytes(id)).toString()).toBe('{"value":1}');
    });

    it('allocateFileId gives an ID whose file appears when first written, and only while its owner exists', async () => {
      const owner = ctx.store.assignId();
      await ctx.store.create(makeJob(owner));
      const id = ctx.store.allocateFileId({ ownerJobId: owner, basename: 'promise' });
      expect(await ctx.store.fileExists(id)).toBe(false);
      await expectToilError(ctx.store.readFileBytes(id), 'NO_SUCH_FILE');
      expect(await ctx.store.writeAllocatedFile(id, 'first')).toBe(true);
      expect((await ctx.store.readFileBytes(id)).toString()).toBe('first');
      expect(await ctx.store.writeAllocatedFile(id, 'second')).toBe(true);
      expect((await ctx.store.readFileBytes(id)).toString()).toBe('second');
      // Gone with its owner, and a late write for a deleted owner writes nothing.
      const late = ctx.store.allocateFileId({ ownerJobId: owner });
      await ctx.store.delete(owner);
      expect(await ctx.store.fileExists(id)).toBe(false);
      expect(await ctx.store.writeAllocatedFile(late, 'too late')).toBe(false);
      expect(await ctx.store.fileExists(late)).toBe(false);
    });

    it('updateFile and updateFileBytes replace contents and keep the executable bit', async () => {
      const id = await ctx.store.writeFileBytes('old contents', { executable: true });
      await ctx.store.updateFileBytes(id, 'new');
      expect((await ctx.store.readFileBytes(id)).toString()).toBe('new');
      expect(await ctx.store.getFileSize(id)).toBe(3);
      const local = join(ctx.dir, 'update.bin');
      await writeFile(local, binaryData(12_345));
      await ctx.store.updateFile(id, local);
      expect(Buffer.compare(await ctx.store.readFileBytes(id), binaryData(12_345))).toBe(0);
      expect(await ctx.store.isExecutable(id)).toBe(true);
    });

    it('updating a missing or deleted file throws NoSuchFileError', async () => {
      const id = await ctx.store.writeFileBytes('x');
      await ctx.store.deleteFile(id);
      const local = join(ctx.dir, 'src.txt');
      await writeFile(local, 'y');
      const error = (await expectToilError(ctx.store.updateFileBytes(id, 'y'), 'NO_SUCH_FILE')) as NoSuchFileError;
      expect(error.fileId).toBe(id);
      await expectToilError(ctx.store.updateFile(id, local), 'NO_SUCH_FILE');
      await expectToilError(ctx.store.updateFileBytes('no/such/file', 'y'), 'NO_SUCH_FILE');
      expect(await ctx.store.fileExists(id)).toBe(false);
    });

    it('readFile with mutable: true gives a private writable copy', async () => {
      const id = await ctx.store.writeFileBytes('original');
      const local = join(ctx.dir, 'mutable.txt');
      await ctx.store.readFile(id, local, { mutable: true });
      expect((await stat(local)).mode & 0o200).not.toBe(0);
      await writeFile(local, 'modified locally');
      expect((await ctx.store.readFileBytes(id)).toString()).toBe('original');
    });

    it('readFile replaces an existing local file, also after an immutable read', async () => {
      const first = await ctx.store.writeFileBytes('first');
      const second = await ctx.store.writeFileBytes('second');
      const local = join(ctx.dir, 'target.txt');
      await writeFile(local, 'pre-existing');
      await ctx.store.readFile(first, local, { mutable: false });
      expect(await readFile(local, 'utf8')).toBe('first');
      await ctx.store.readFile(first, local);
      expect(await readFile(local, 'utf8')).toBe('first');
      await ctx.store.readFile(second, local);
      expect(await readFile(local, 'utf8')).toBe('second');
      await ctx.store.readFile(first, local, { mutable: true });
      expect(await readFile(local, 'utf8')).toBe('first');
      expect((await stat(local)).mode & 0o200).not.toBe(0);
      expect((await ctx.store.readFileBytes(second)).toString()).toBe('second');
    });

    it('a local copy is a snapshot: later updates and deletes in the store do not change it', async () => {
      const id = await ctx.store.writeFileBytes('version 1');
      const local = join(ctx.dir, 'snapshot.txt');
      await ctx.store.readFile(id, local);
      await ctx.store.updateFileBytes(id, 'version 2');
      expect(await readFile(local, 'utf8')).toBe('version 1');
      await ctx.store.deleteFile(id);
      expect(await readFile(local, 'utf8')).toBe('version 1');
    });

    it('reading a missing file throws NoSuchFileError and creates nothing', async () => {
      const id = await ctx.store.writeFileBytes('gone');
      await ctx.store.deleteFile(id);
      const local = join(ctx.dir, 'never.txt');
      await expectToilError(ctx.store.readFile(id, local), 'NO_SUCH_FILE');
      await expectToilError(ctx.store.readFile(id, local, { mutable: true }), 'NO_SUCH_FILE');
      await expect(stat(local)).rejects.toMatchObject({ code: 'ENOENT' });
      await expectToilError(ctx.store.readFileBytes(id), 'NO_SUCH_FILE');
      await expectToilError(ctx.store.readFileStream(id), 'NO_SUCH_FILE');
    });

    it('readFileStream and readFile deliver large files intact', async () => {
      const data = binaryData(5_000_000);
      const local = join(ctx.dir, 'big.bin');
      await writeFile(local, data);
      const id = await ctx.store.writeFile(local);
      expect(Buffer.compare(await streamBytes(await ctx.store.readFileStream(id)), data)).toBe(0);
      const out = join(ctx.dir, 'big-out.bin');
      await ctx.store.readFile(id, out, { mutable: true });
      expect(Buffer.compare(await readFile(out), data)).toBe(0);
      expect(await ctx.store.getFileSize(id)).toBe(5_000_000);
    });

    it('deleteFile removes a file and is idempotent', async () => {
      const id = await ctx.store.writeFileBytes('doomed');
      await ctx.store.deleteFile(id);
      expect(await ctx.store.fileExists(id)).toBe(false);
      expect(await ctx.store.getFileSize(id)).toBe(0);
      await ctx.store.deleteFile(id);
      await ctx.store.deleteFile('not/a/real/id');
      expect(await ctx.store.fileExists('not/a/real/id')).toBe(false);
    });
  });
}
