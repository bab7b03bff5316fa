import { constants, createWriteStream, readFileSync, statSync } from 'node:fs';
import { chmod, copyFile, link, open, readFile, rename, stat, symlink, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { once } from 'node:events';
import { NoSuchFileError } from '@toil/core';
import type { ReadFileOptions, WriteFileOptions } from '@toil/core/backend';
import {
  isErrno,
  isExecutableMode,
  privateMode,
  removeQuietly,
  storedMode,
  SYNC_WRITE_LIMIT,
  uniqueName,
  type AtomicWriter,
} from './atomic.js';
import type { Layout } from './layout.js';

/** Errors that mean "no such file". */
const MISSING = ['ENOENT', 'ENOTDIR'];

/** Errors of link() that mean "not here" (another filesystem, no hard links, too many links) rather than a fault. */
const CANNOT_LINK = ['EXDEV', 'EPERM', 'EMLINK', 'ENOTSUP', 'EOPNOTSUPP', 'EACCES'];

/** A new file's ID and where it goes. */
export interface NewFile {
  id: string;
  dir: string;
  path: string;
}

/** Job-store files: each a read-only file whose path is derived from its ID. */
export class FileRecords {
  constructor(
    private readonly layout: Layout,
    private readonly writer: AtomicWriter,
  ) {}

  /** Allocate an ID (and make sure its directory exists: an owner's directory may not exist yet). */
  async allocate(options: WriteFileOptions | undefined, fallbackBasename?: string): Promise<NewFile> {
    const file = this.layout.newFile(options?.ownerJobId, options?.basename ?? fallbackBasename);
    await this.writer.ensureDir(file.dir);
    return file;
  }

  /** Path of an existing-or-not file; throws NoSuchFileError for IDs this store cannot have made. */
  pathOf(fileId: string): string {
    const path = this.layout.filePath(fileId);
    if (path === undefined) throw new NoSuchFileError(fileId);
    return path;
  }

  /** Put a finished temp file in place as a new file. */
  async publishNew(temp: string, file: NewFile): Promise<string> {
    await this.writer.publish(temp, file.path, true);
    return file.id;
  }

  async writeFromPath(localPath: string, options?: WriteFileOptions): Promise<string> {
    const executable = options?.executable ?? isExecutableMode((await stat(localPath)).mode);
    const file = await this.allocate(options, basename(localPath));
    return this.publishNew(await this.writer.copyToTemp(localPath, storedMode(executable)), file);
  }

  async writeBytes(data: Uint8Array | string, options?: WriteFileOptions): Promise<string> {
    const file = await this.allocate(options);
    return this.publishNew(await this.writer.writeTemp(data, storedMode(options?.executable ?? false)), file);
  }

  async writeStream(
    fill: (stream: Writable, fileId: string) => Promise<void>,
    options?: WriteFileOptions,
  ): Promise<string> {
    const file = await this.allocate(options);
    const temp = this.writer.tempPath();
    const stream = createWriteStream(temp, { mode: storedMode(options?.executable ?? false) });
    // Without a listener, an I/O error while `fill` runs would crash the process; `finished` reports it instead.
    stream.on('error', () => undefined);
    try {
      await fill(stream, file.id);
      if (!stream.writableEnded) stream.end();
      await finished(stream);
    } catch (err) {
      // The stream opens its file asynchronously: wait until it is closed, or the open could land after the
      // removal and leave the temp behind.
      if (!stream.closed) {
        const closed = once(stream, 'close');
        stream.destroy();
        await closed.catch(() => undefined);
      }
      await removeQuietly(temp);
      throw err;
    }
    return this.publishNew(temp, file);
  }

  /** An empty file needs no temp: creating it with O_EXCL is atomic and it is complete once it exists. */
  async createEmpty(options?: WriteFileOptions): Promise<string> {
    const file = await this.allocate(options);
    await writeFile(file.path, '', { flag: 'wx', mode: storedMode(options?.executable ?? false) });
    return file.id;
  }

  /**
   * Write the file of an allocated ID (creating or replacing it). An owned file is written only while its owner
   * job exists; a deletion racing with the write can at worst leave one unreachable file in a removed job's place.
   */
  async writeAllocated(
    fileId: string,
    data: Uint8Array | string,
    ownerExists: (jobId: string) => Promise<boolean>,
  ): Promise<boolean> {
    const path = this.pathOf(fileId);
    const owner = /^jobs\/[^/]+\/([^/]+)\.files\//.exec(fileId)?.[1];
    if (owner !== undefined && !(await ownerExists(owner))) return false;
    const temp = await this.writer.writeTemp(data, storedMode(false));
    await this.writer.publish(temp, path, true);
    return true;
  }

  /** Replace an existing file's contents; the executable bit stays as it was. */
  async update(fileId: string, content: { path: string } | { data: Uint8Array | string }): Promise<void> {
    const path = this.pathOf(fileId);
    const mode = storedMode(isExecutableMode((await this.statOf(fileId, path)).mode));
    const temp =
      'path' in content
        ? await this.writer.copyToTemp(content.path, mode)
        : await this.writer.writeTemp(content.data, mode);
    try {
      await this.writer.publish(temp, path, false);
    } catch (err) {
      if (isErrno(err, ...MISSING)) throw new NoSuchFileError(fileId);
      throw err;
    }
  }

  /**
   * Read to a local path, atomically. Immutable reads hard-link (the stored file is read-only and never
   * rewritten in place, so the link is a stable snapshot); where links cannot be made they fall back to a symlink
   * when allowed, else a read-only copy. Mutable reads always get a private, writable copy.
   */
  async readTo(fileId: string, localPath: string, options?: ReadFileOptions): Promise<void> {
    const path = this.pathOf(fileId);
    if (!options?.mutable) {
      if (await this.linkTo(fileId, path, localPath)) return;
      if (options?.symlink && (await this.replaceWith(localPath, (temp) => symlink(path, temp), true))) return;
    }
    const st = await this.statOf(fileId, path);
    const mode = options?.mutable ? privateMode(isExecutableMode(st.mode)) : st.mode & 0o777;
    await this.replaceWith(localPath, async (temp) => {
      try {
        await copyFile(path, temp, constants.COPYFILE_FICLONE | constants.COPYFILE_EXCL);
      } catch (err) {
        if (isErrno(err, ...MISSING)) await this.statOf(fileId, path);
        throw err;
      }
      await chmod(temp, mode);
    });
  }

  /** Hard-link a stored file to `localPath`; false when this filesystem pair cannot link. */
  private async linkTo(fileId: string, path: string, localPath: string): Promise<boolean> {
    try {
      await link(path, localPath);
      return true;
    } catch (err) {
      if (isErrno(err, 'EEXIST')) {
        return this.replaceWith(localPath, (temp) => link(path, temp), true);
      }
      if (isErrno(err, ...MISSING)) {
        await this.statOf(fileId, path); // throws NoSuchFileError when the stored file is the missing part
        throw err;
      }
      if (isErrno(err, ...CANNOT_LINK)) return false;
      throw err;
    }
  }

  /**
   * Create `localPath` via a temp file next to it and a rename, so readers of the local path never see a partial
   * file and an existing (maybe read-only) file is replaced. With `linking`, `create` makes a link, and a
   * filesystem that cannot make one returns false instead of throwing.
   */
  private async replaceWith(
    localPath: string,
    create: (temp: string) => Promise<void>,
    linking = false,
  ): Promise<boolean> {
    const temp = join(dirname(localPath), `.${basename(localPath)}.${uniqueName()}`);
    try {
      await create(temp);
    } catch (err) {
      await removeQuietly(temp);
      if (linking && isErrno(err, ...CANNOT_LINK)) return false;
      throw err;
    }
    await rename(temp, localPath);
    // rename() does nothing when both names are links to one file (reading the same file again): drop the temp.
    if (linking) await unlink(temp).catch(() => undefined);
    return true;
  }

  async readBytes(fileId: string): Promise<Buffer> {
    const path = this.pathOf(fileId);
    try {
      // A small file (a promised value, most often: every job reads its arguments' ones) on the calling thread:
      // readFile() is four thread-pool round trips (open, fstat, read, close). See SYNC_WRITE_LIMIT.
      if (statSync(path).size <= SYNC_WRITE_LIMIT) return readFileSync(path);
      return await readFile(path);
    } catch (err) {
      if (isErrno(err, ...MISSING)) throw new NoSuchFileError(fileId);
      throw err;
    }
  }

  /** Opening first pins the current version: a concurrent update renames a new file over the name, not into it. */
  async readStream(fileId: string): Promise<Readable> {
    try {
      const handle = await open(this.pathOf(fileId), 'r');
      return handle.createReadStream({ autoClose: true });
    } catch (err) {
      if (isErrno(err, ...MISSING)) throw new NoSuchFileError(fileId);
      throw err;
    }
  }

  async delete(fileId: string): Promise<void> {
    const path = this.layout.filePath(fileId);
    if (path === undefined) return;
    await unlink(path).catch((err: unknown) => {
      if (!isErrno(err, ...MISSING)) throw err;
    });
  }

  async exists(fileId: string): Promise<boolean> {
    return (await this.tryStat(fileId)) !== undefined;
  }

  async size(fileId: string): Promise<number> {
    return (await this.tryStat(fileId))?.size ?? 0;
  }

  async isExecutable(fileId: string): Promise<boolean> {
    return isExecutableMode((await this.statOf(fileId, this.pathOf(fileId))).mode);
  }

  /** Stat a stored file (following an import symlink), or undefined when it does not exist. */
  async tryStat(fileId: string): Promise<{ size: number; mode: number } | undefined> {
    const path = this.layout.filePath(fileId);
    if (path === undefined) return undefined;
    try {
      return await stat(path);
    } catch (err) {
      if (isErrno(err, ...MISSING)) return undefined;
      throw err;
    }
  }

  private async statOf(fileId: string, path: string): Promise<{ size: number; mode: number }> {
    try {
      return await stat(path);
    } catch (err) {
      if (isErrno(err, ...MISSING)) throw new NoSuchFileError(fileId);
      throw err;
    }
  }
}
