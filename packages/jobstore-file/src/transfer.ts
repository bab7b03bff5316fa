import { constants } from 'node:fs';
import { chmod, copyFile, mkdir, rename, symlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { NoSuchFileError } from '@toil/core';
import { download, type ParsedUrl, parseUrl, statSource, upload, urlBasename } from '@toil/core/backend';
import {
  isErrno,
  isExecutableMode,
  privateMode,
  removeQuietly,
  storedMode,
  uniqueName,
  type AtomicWriter,
} from './atomic.js';
import type { FileRecords } from './files.js';
import type { Layout } from './layout.js';

/** Options of `importFile`, as in the JobStore interface. */
export interface ImportOptions {
  sharedFileName?: string;
  symlink?: boolean;
}

/** Import from and export to URLs. Every import lands in a temp file first, so a failed download leaves nothing. */
export class UrlTransfers {
  constructor(
    private readonly layout: Layout,
    private readonly writer: AtomicWriter,
    private readonly files: FileRecords,
  ) {}

  async importFile(url: string, options?: ImportOptions): Promise<string | undefined> {
    const source = parseUrl(url);
    if (options?.sharedFileName !== undefined) {
      const dest = this.layout.sharedPath(options.sharedFileName);
      await this.writer.publish(await this.fetchToTemp(url, source, () => 0o644), dest, true);
      return undefined;
    }
    const file = await this.files.allocate(undefined, urlBasename(source));
    if (source.kind === 'file' && options?.symlink) {
      await statSource(url, source.path);
      const temp = this.writer.tempPath();
      await this.writer.withTemp(temp, () => symlink(source.path, temp));
      return this.files.publishNew(temp, file);
    }
    return this.files.publishNew(await this.fetchToTemp(url, source, storedMode), file);
  }

  /** Fetch a source into a new temp file; `modeFor` maps the source's executable bit to the temp's mode. */
  private async fetchToTemp(url: string, source: ParsedUrl, modeFor: (executable: boolean) => number): Promise<string> {
    if (source.kind === 'file') {
      const st = await statSource(url, source.path);
      return this.writer.copyToTemp(source.path, modeFor(isExecutableMode(st.mode)));
    }
    const temp = this.writer.tempPath();
    await this.writer.withTemp(temp, () => download(source.url, temp, modeFor(false)));
    return temp;
  }

  /** Export a file: a local copy appears atomically (temp next to it, then rename); http(s) gets a PUT. */
  async exportFile(fileId: string, url: string): Promise<void> {
    const source = this.files.pathOf(fileId);
    const st = await this.files.tryStat(fileId);
    if (st === undefined) throw new NoSuchFileError(fileId);
    const dest = parseUrl(url);
    if (dest.kind === 'http') {
      await upload(source, dest.url, st.size);
      return;
    }
    const dir = dirname(dest.path);
    await mkdir(dir, { recursive: true });
    const temp = join(dir, `.${basename(dest.path)}.${uniqueName()}`);
    try {
      await copyFile(source, temp, constants.COPYFILE_FICLONE | constants.COPYFILE_EXCL);
      await chmod(temp, privateMode(isExecutableMode(st.mode)));
      await rename(temp, dest.path);
    } catch (err) {
      await removeQuietly(temp);
      if (isErrno(err, 'ENOENT') && !(await this.files.exists(fileId))) throw new NoSuchFileError(fileId);
      throw err;
    }
  }
}
