import { mkdirSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, open, rm, stat, unlink } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { Transform, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { JobStore } from '../jobstore/jobstore.js';
import { exportUrl, importUrl } from '../jobstore/url-schemes.js';
import { FileID, fileIdString, type FileIdLike } from './file-id.js';

/** Options of `writeGlobalFile`. */
export interface WriteGlobalFileOptions {
  /** Delete the file when this job and all its successors have finished (Toil's `cleanup=True`). */
  cleanup?: boolean;
}

/** Options of `readGlobalFile`. */
export interface ReadGlobalFileOptions {
  /** The job will modify the file, so it gets a private copy. Default false: a read-only hard link may be used. */
  mutable?: boolean;
  /** A symlink to the stored copy is acceptable. */
  symlink?: boolean;
}

/**
 * The job-facing file API (Toil's non-caching file store): global files go through the job store; local temp
 * files live in a per-job directory that is removed when the job ends, also on failure.
 */
export class FileStore {
  /** Local paths this job read each file to (for `deleteLocalFile`). */
  protected readonly localCopies = new Map<string, Set<string>>();
  /** Files written from inside the job's temp dir, by ID: `deleteLocalFile` removes the source too. */
  protected readonly writtenFromTemp = new Map<string, string>();
  /** Deletions wait until the job has committed, so a failed job can still be rerun with its inputs. */
  readonly pendingDeletes = new Set<string>();
  /** Numbers the names of temp files and read copies. */
  protected tempCounter = 0;
  private tempDirReady: Promise<string> | undefined;

  constructor(
    /** The workflow's job store. */
    protected readonly store: JobStore,
    /** Job whose run this file store serves; owns `cleanup` files. */
    protected readonly jobId: string,
    /** Per-job scratch directory: created on first use (most jobs never need one), removed after the job. */
    readonly jobTempDir: string,
  ) {}

  /** The job's scratch directory, created on first call. */
  ensureTempDir(): Promise<string> {
    this.tempDirReady ??= mkdir(this.jobTempDir, { recursive: true, mode: 0o700 }).then(() => this.jobTempDir);
    return this.tempDirReady;
  }

  /** The job's scratch directory, created now if needed (for synchronous callers such as `ctx.tempDir`). */
  ensureTempDirSync(): string {
    if (!this.tempDirReady) {
      mkdirSync(this.jobTempDir, { recursive: true, mode: 0o700 });
      this.tempDirReady = Promise.resolve(this.jobTempDir);
    }
    return this.jobTempDir;
  }

  /** Whether the scratch directory was ever created (so clean-up can skip it). */
  get usedTempDir(): boolean {
    return this.tempDirReady !== undefined;
  }

  /** Upload a local file; returns its FileID (size and executable bit recorded). */
  async writeGlobalFile(localPath: string, options: WriteGlobalFileOptions = {}): Promise<FileID> {
    const abs = resolve(localPath);
    const info = await stat(abs);
    const executable = (info.mode & 0o111) !== 0;
    const id = await this.store.writeFile(abs, {
      ownerJobId: options.cleanup ? this.jobId : undefined,
      basename: basename(abs),
      executable,
    });
    if (abs.startsWith(this.jobTempDir + '/')) this.writtenFromTemp.set(id, abs);
    return new FileID(id, info.size, executable);
  }

  /** Stream a new global file: `fill` writes into the stream. Returns the FileID with the bytes written. */
  async writeGlobalFileStream(
    fill: (stream: Writable) => Promise<void>,
    options: WriteGlobalFileOptions & { basename?: string } = {},
  ): Promise<FileID> {
    let size = 0;
    const id = await this.store.writeFileStream(
      async (storeStream) => {
        // Count bytes on the way through, as Toil's WriteWatchingStream does, so the FileID knows its size.
        const counter = new Transform({
          transform(chunk: Buffer, _encoding, done) {
            size += chunk.length;
            done(null, chunk);
          },
        });
        const piped = pipeline(counter, storeStream);
        await fill(counter);
        if (!counter.writableEnded) counter.end();
        await piped;
      },
      { ownerJobId: options.cleanup ? this.jobId : undefined, basename: options.basename },
    );
    return new FileID(id, size, false);
  }

  /**
   * Make a global file available locally and return the path. Without `dest` it lands in the job's temp dir.
   * Unless `mutable`, the copy may be a read-only hard link: do not modify it.
   */
  async readGlobalFile(file: FileIdLike, dest?: string, options: ReadGlobalFileOptions = {}): Promise<string> {
    const id = fileIdString(file);
    const target = dest
      ? resolve(dest)
      : join(await this.ensureTempDir(), `global-${++this.tempCounter}-${basename(id)}`);
    await this.store.readFile(id, target, { mutable: options.mutable ?? false, symlink: options.symlink ?? false });
    let copies = this.localCopies.get(id);
    if (!copies) this.localCopies.set(id, (copies = new Set()));
    copies.add(target);
    return target;
  }

  /**
   * Replace a global file's contents with a local file's (the job store's `updateFile`; the executable bit stays):
   * every later reader of the same FileID sees the new bytes. For a workflow whose later job must see a change an
   * earlier one made in place (CWL's InplaceUpdateRequirement). Copies this job read before keep the old bytes.
   */
  async updateGlobalFile(file: FileIdLike, localPath: string): Promise<void> {
    await this.store.updateFile(fileIdString(file), resolve(localPath));
  }

  /** Stream a global file's contents. */
  async readGlobalFileStream(file: FileIdLike): Promise<Readable> {
    return this.store.readFileStream(fileIdString(file));
  }

  /** Read a global file's bytes. */
  async readGlobalFileBytes(file: FileIdLike): Promise<Buffer> {
    return this.store.readFileBytes(fileIdString(file));
  }

  /** Size in bytes, from the FileID when known. */
  async getGlobalFileSize(file: FileIdLike): Promise<number> {
    if (typeof file !== 'string' && file.size >= 0) return file.size;
    return this.store.getFileSize(fileIdString(file));
  }

  /**
   * Delete this job's local copies of a file (and the source it was written from, if that lived in a temp dir).
   * Throws ENOENT when there is none, like Toil.
   */
  async deleteLocalFile(file: FileIdLike): Promise<void> {
    const id = fileIdString(file);
    const paths = [...(this.localCopies.get(id) ?? [])];
    const source = this.writtenFromTemp.get(id);
    if (source) paths.push(source);
    if (!paths.length)
      throw Object.assign(new Error(`No local copy of file '${id}' exists in this job.`), { code: 'ENOENT' });
    await Promise.all(paths.map((p) => unlink(p).catch(() => undefined)));
    this.localCopies.delete(id);
    this.writtenFromTemp.delete(id);
  }

  /** Delete local copies now and the global file once the job has completed (so the job stays restartable). */
  async deleteGlobalFile(file: FileIdLike): Promise<void> {
    const id = fileIdString(file);
    if (this.localCopies.has(id) || this.writtenFromTemp.has(id)) await this.deleteLocalFile(id);
    this.pendingDeletes.add(id);
  }

  /** A new directory inside the job's temp dir, removed with it. */
  async getLocalTempDir(): Promise<string> {
    return mkdtemp(join(await this.ensureTempDir(), 'tmp'));
  }

  /** A new empty file inside the job's temp dir. */
  async getLocalTempFile(suffix = '.tmp'): Promise<string> {
    await this.ensureTempDir();
    const path = this.getLocalTempFileName(suffix);
    await (await open(path, 'wx')).close();
    return path;
  }

  /** A fresh unused path inside the job's temp dir (not created). */
  getLocalTempFileName(suffix = '.tmp'): string {
    return join(this.ensureTempDirSync(), `tmp${process.pid}-${++this.tempCounter}${suffix}`);
  }

  /** Import a URL into the job store from inside a job. */
  async importFile(url: string): Promise<FileID> {
    const id = await importUrl(this.store, url);
    if (!id) throw new Error(`Import of ${url} returned no file`);
    return new FileID(id, await this.store.getFileSize(id), await this.store.isExecutable(id));
  }

  /** Export a global file to a URL from inside a job. */
  async exportFile(file: FileIdLike, url: string): Promise<void> {
    await exportUrl(this.store, fileIdString(file), url);
  }

  /**
   * Resolves once every file this job wrote is safely in the job store, which is when the job may be counted
   * done (Toil's `waitForCommit`). Writes here are synchronous, so there is nothing to wait for; a file store that
   * uploads in the background (`@toil/filestore-cache`) overrides it, and the worker calls it before committing.
   */
  async flush(): Promise<void> {}

  /**
   * Called once when the job has ended, succeeded or failed, before its temp dir is removed: a file store that
   * holds node-wide resources for the job (cache references, disk reservations) lets go of them here.
   */
  async release(): Promise<void> {}

  /** Carry out deferred global deletions (after the job committed). */
  async commitDeletes(): Promise<void> {
    await Promise.all([...this.pendingDeletes].map((id) => this.store.deleteFile(id)));
    this.pendingDeletes.clear();
  }
}

/** Remove a job's temp dir, making read-only links writable first so rm can unlink them. */
export async function removeJobTempDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true }).catch(async () => {
    await chmod(dir, 0o700).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });
}
