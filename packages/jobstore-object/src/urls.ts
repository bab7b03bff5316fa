import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { download, parseUrl, statSource, upload, urlBasename } from '@toil/core/backend';
import { downloadTo, fileMetadata, type ObjectFiles } from './files.js';
import { Keys, newFileId } from './keys.js';

/**
 * importFile and exportFile for file: URLs, paths and http(s): through core's helpers; the bytes always go
 * through a local file or a stream, never whole in memory (files may be large).
 */
export class ObjectUrls {
  constructor(
    private readonly files: ObjectFiles,
    private readonly writeShared: (name: string, data: Buffer) => Promise<void>,
  ) {}

  async importFile(url: string, options?: { sharedFileName?: string }): Promise<string | undefined> {
    const source = parseUrl(url);
    // http(s) sources are downloaded to a private temp directory first, so a failed download stores nothing.
    const temp = source.kind === 'http' ? await mkdtemp(join(tmpdir(), 'toil-object-import-')) : undefined;
    try {
      let path: string;
      let executable = false;
      if (source.kind === 'file') {
        executable = ((await statSource(url, source.path)).mode & 0o111) !== 0;
        path = source.path;
      } else {
        path = join(temp as string, 'download');
        await download(source.url, path, 0o600);
      }
      if (options?.sharedFileName !== undefined) {
        await this.writeShared(options.sharedFileName, await readFile(path));
        return undefined;
      }
      const { size } = await statSource(url, path);
      const fileId = newFileId(undefined, urlBasename(source));
      await this.files.uploadLocal(Keys.file(fileId), path, size, fileMetadata(executable));
      return fileId;
    } finally {
      if (temp) await rm(temp, { recursive: true, force: true });
    }
  }

  async exportFile(fileId: string, url: string): Promise<void> {
    const dest = parseUrl(url);
    const { stream, info } = await this.files.readStream(fileId);
    if (dest.kind === 'file') {
      await mkdir(dirname(dest.path), { recursive: true });
      await downloadTo(stream, dest.path, info.metadata.executable === '1' ? 0o755 : 0o644);
      return;
    }
    // core's upload PUTs a local file: stage it in a private temp directory.
    const temp = await mkdtemp(join(tmpdir(), 'toil-object-export-'));
    try {
      const path = join(temp, 'upload');
      await downloadTo(stream, path, 0o600);
      await upload(path, dest.url, info.size);
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
  }
}
