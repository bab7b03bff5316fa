import { constants, createReadStream } from 'node:fs';
import { chmod, copyFile, link, rm, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FileID, FileStore, type ReadGlobalFileOptions, type WriteGlobalFileOptions } from '@toil/core';
import type { FileStoreJob } from '@toil/core/backend';
import { recordUsage, type JobRecord } from './job-records.js';
import type { NodeCache } from './node-cache.js';

/**
 * Toil's caching file store for one job run. Reads go through the node cache: a read-only read is a hard link to
 * the one cached copy (same inode for every job on the node), a mutable read a private copy of it. Writes go into
 * the cache and upload to the job store in the background; `flush()`, which the worker awaits before committing
 * the job, waits for every upload, so a job is never recorded done before its files are safe. As in Toil, a job's
 * cached reads and writes count against its disk requirement (a warning in its log when it uses more), and a
 * file written with writeGlobalFile must not be changed afterwards (the cache shares its inode).
 */
export class CachingFileStore extends FileStore {
  private readonly uploads: Promise<unknown>[] = [];
  private readonly record: JobRecord;
  private readonly recordName: string;
  private recordWritten = false;

  constructor(
    private readonly cache: NodeCache,
    private readonly job: FileStoreJob,
  ) {
    super(job.store, job.jobId, job.jobTempDir);
    this.record = { disk: job.disk, refs: {}, privateBytes: 0 };
    this.recordName = cache.jobRecordName();
  }

  /** Bytes this job uses on the node's disk through the file store (cached files it uses plus private copies). */
  get diskUsed(): number {
    return recordUsage(this.record);
  }

  override async readGlobalFile(
    file: FileID | string,
    dest?: string,
    options: ReadGlobalFileOptions = {},
  ): Promise<string> {
    const id = typeof file === 'string' ? file : file.id;
    const target = dest
      ? resolve(dest)
      : join(await this.ensureTempDir(), `global-${++this.tempCounter}-${basename(id)}`);
    const size = await this.getGlobalFileSize(file);
    const key = this.cache.layout.key(id);
    // Referenced before it is fetched, so no other process evicts it between the fetch and our link.
    await this.addRef(key, size);
    const hit = await this.cache.fetch(id, size, (temp) => this.store.readFile(id, temp, { mutable: false }));
    await rm(target, { force: true });
    if (!hit) {
      // No room in the cache: a private copy straight from the job store, as the plain file store makes.
      await this.dropRef(key);
      await this.store.readFile(id, target, { mutable: options.mutable ?? false, symlink: options.symlink ?? false });
      await this.addPrivate(size);
    } else if (options.mutable) {
      await copyFile(hit.path, target, constants.COPYFILE_FICLONE);
      await chmod(target, (await stat(hit.path)).mode | 0o200);
      await this.addPrivate(size);
    } else {
      await link(hit.path, target).catch(async (error: NodeJS.ErrnoException) => {
        // Another file system (a dest outside the work dir): a copy is the best a link can become.
        if (error.code !== 'EXDEV') throw error;
        await copyFile(hit.path, target);
        await this.addPrivate(size);
      });
    }
    let copies = this.localCopies.get(id);
    if (!copies) this.localCopies.set(id, (copies = new Set()));
    copies.add(target);
    return target;
  }

  override async readGlobalFileStream(file: FileID | string): Promise<Readable> {
    const id = typeof file === 'string' ? file : file.id;
    const cached = await this.cache.lookup(id);
    return cached ? createReadStream(cached) : super.readGlobalFileStream(file);
  }

  override async writeGlobalFile(localPath: string, options: WriteGlobalFileOptions = {}): Promise<FileID> {
    const abs = resolve(localPath);
    const info = await stat(abs);
    const executable = (info.mode & 0o111) !== 0;
    let gotId: (id: string) => void = () => undefined;
    const idKnown = new Promise<string>((resolveId) => (gotId = resolveId));
    const upload = this.store.writeFileStream(
      async (stream, fileId) => {
        gotId(fileId);
        const key = this.cache.layout.key(fileId);
        await this.addRef(key, info.size);
        const entry = await this.cache.admit(fileId, abs, info.size);
        if (!entry) await this.dropRef(key);
        await pipeline(createReadStream(entry ?? abs), stream);
      },
      { ownerJobId: options.cleanup ? this.jobId : undefined, basename: basename(abs), executable },
    );
    this.uploads.push(upload);
    const id = await Promise.race([idKnown, upload]);
    if (abs.startsWith(this.jobTempDir + '/')) this.writtenFromTemp.set(id, abs);
    return new FileID(id, info.size, executable);
  }

  override async deleteLocalFile(file: FileID | string): Promise<void> {
    await super.deleteLocalFile(file);
    await this.dropRef(this.cache.layout.key(typeof file === 'string' ? file : file.id));
  }

  /** Wait for every upload (an upload that failed fails the job), then report disk use over the requirement. */
  override async flush(): Promise<void> {
    await Promise.all(this.uploads);
    if (this.diskUsed > this.job.disk)
      this.job.log(
        `Job used ${this.diskUsed} bytes of disk through the file store, more than its disk requirement of ${this.job.disk} bytes (cached reads and writes count against it). Ask for more disk, e.g. withRequirements({ disk: '${Math.ceil(this.diskUsed / 2 ** 20)}Mi' }).`,
        'WARNING',
      );
  }

  /** Let uploads settle and give up this job's hold on cached files. */
  override async release(): Promise<void> {
    await Promise.allSettled(this.uploads);
    if (this.recordWritten) await this.cache.jobs.remove(this.recordName);
  }

  /** Deleted global files leave the node cache too, once the job has committed. */
  override async commitDeletes(): Promise<void> {
    const ids = [...this.pendingDeletes];
    await super.commitDeletes();
    await Promise.all(ids.map((id) => this.cache.remove(id)));
  }

  private async addRef(key: string, size: number): Promise<void> {
    if (this.record.refs[key] === size) return;
    this.record.refs[key] = size;
    await this.saveRecord();
  }

  private async dropRef(key: string): Promise<void> {
    if (!(key in this.record.refs)) return;
    delete this.record.refs[key];
    await this.saveRecord();
  }

  private async addPrivate(bytes: number): Promise<void> {
    this.record.privateBytes += bytes;
    await this.saveRecord();
  }

  private async saveRecord(): Promise<void> {
    this.recordWritten = true;
    await this.cache.jobs.write(this.recordName, this.record);
  }
}
