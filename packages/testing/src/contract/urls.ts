import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHttpServer, type TestHttpServer } from '../http-server.js';
import { binaryData, expectToilError, type ContractContext } from './context.js';

/** importFile and exportFile with file: and http: URLs. */
export function describeUrls(ctx: ContractContext): void {
  describe('import and export', () => {
    let server: TestHttpServer;
    beforeAll(async () => {
      server = await startTestHttpServer();
    });
    afterAll(async () => {
      await server.close();
    });

    it('imports a file: URL and a plain absolute path, keeping the executable bit', async () => {
      const source = join(ctx.dir, 'in put.bin');
      await writeFile(source, binaryData(50_000));
      await chmod(source, 0o755);
      const fromUrl = await ctx.store.importFile(pathToFileURL(source).href);
      const fromPath = await ctx.store.importFile(source);
      for (const id of [fromUrl, fromPath]) {
        expect(id).toBeTypeOf('string');
        expect(Buffer.compare(await ctx.store.readFileBytes(id as string), binaryData(50_000))).toBe(0);
        expect(await ctx.store.isExecutable(id as string)).toBe(true);
      }
      await chmod(source, 0o644);
      expect(await ctx.store.isExecutable((await ctx.store.importFile(source)) as string)).toBe(false);
    });

    it('imports with symlink: true', async () => {
      const source = join(ctx.dir, 'linked.txt');
      await writeFile(source, 'linked content');
      const id = (await ctx.store.importFile(pathToFileURL(source).href, { symlink: true })) as string;
      expect((await ctx.store.readFileBytes(id)).toString()).toBe('linked content');
      expect(await ctx.store.getFileSize(id)).toBe('linked content'.length);
    });

    it('imports into a shared file and returns undefined', async () => {
      const source = join(ctx.dir, 'shared-source.json');
      await writeFile(source, '{"shared":true}');
      expect(await ctx.store.importFile(source, { sharedFileName: 'imported.json' })).toBeUndefined();
      expect((await ctx.store.readSharedFile('imported.json'))?.toString()).toBe('{"shared":true}');
      await expectToilError(ctx.store.importFile(source, { sharedFileName: 'bad/name' }), 'INVALID_VALUE');
    });

    it('imports http: URLs, also into shared files', async () => {
      const data = binaryData(1_500_000);
      server.files.set('/data/file.bin', data);
      const id = (await ctx.store.importFile(`${server.url}/data/file.bin`)) as string;
      expect(Buffer.compare(await ctx.store.readFileBytes(id), data)).toBe(0);
      expect(await ctx.store.getFileSize(id)).toBe(1_500_000);
      expect(await ctx.store.isExecutable(id)).toBe(false);
      server.files.set('/small.txt', Buffer.from('small'));
      expect(await ctx.store.importFile(`${server.url}/small.txt`, { sharedFileName: 'from-http' })).toBeUndefined();
      expect((await ctx.store.readSharedFile('from-http'))?.toString()).toBe('small');
    });

    it('rejects missing sources and unknown schemes with InvalidImportExportUrlError', async () => {
      const missing = join(ctx.dir, 'missing.txt');
      const error = await expectToilError(ctx.store.importFile(pathToFileURL(missing).href), 'INVALID_URL');
      expect(error.message).toContain('missing.txt');
      await expectToilError(ctx.store.importFile(`${server.url}/not-there`), 'INVALID_URL');
      await expectToilError(ctx.store.importFile('gopher://example.com/x'), 'INVALID_URL');
      await expectToilError(ctx.store.importFile('not a url'), 'INVALID_URL');
      const id = await ctx.store.writeFileBytes('x');
      await expectToilError(ctx.store.exportFile(id, 'gopher://example.com/x'), 'INVALID_URL');
    });

    it('exports to file: URLs, replacing existing files and keeping the executable bit', async () => {
      const id = await ctx.store.writeFileBytes(binaryData(80_000), { executable: true });
      const dest = join(ctx.dir, 'out', 'nested', 'result.bin');
      await mkdir(join(ctx.dir, 'out'), { recursive: true });
      await ctx.store.exportFile(id, pathToFileURL(dest).href);
      expect(Buffer.compare(await readFile(dest), binaryData(80_000))).toBe(0);
      expect((await stat(dest)).mode & 0o111).not.toBe(0);
      const plain = await ctx.store.writeFileBytes('replacement');
      await ctx.store.exportFile(plain, dest);
      expect(await readFile(dest, 'utf8')).toBe('replacement');
      expect((await stat(dest)).mode & 0o111).toBe(0);
      expect((await stat(dest)).mode & 0o200).not.toBe(0);
    });

    it('exports to http: URLs with PUT', async () => {
      const data = binaryData(300_000);
      const id = await ctx.store.writeFileBytes(data);
      await ctx.store.exportFile(id, `${server.url}/upload/result.bin`);
      expect(Buffer.compare(server.uploads.get('/upload/result.bin') ?? Buffer.alloc(0), data)).toBe(0);
    });

    it('exporting a missing file throws NoSuchFileError', async () => {
      const id = await ctx.store.writeFileBytes('x');
      await ctx.store.deleteFile(id);
      await expectToilError(ctx.store.exportFile(id, join(ctx.dir, 'never.txt')), 'NO_SUCH_FILE');
      await expect(stat(join(ctx.dir, 'never.txt'))).rejects.toMatchObject({ code: 'ENOENT' });
    });
  });
}
