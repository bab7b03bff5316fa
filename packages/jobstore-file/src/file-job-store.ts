import { access, readFile, unlink } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import {
  DamagedJobStoreError,
  JobStoreExistsError,
  NoSuchJobError,
  NoSuchJobStoreError,
  type WorkflowConfig,
} from '@toil/core';
import {
  SharedFiles,
  deserializeConfig,
  serializeConfig,
  randomId,
  type JobDescription,
  type JobStore,
  type ReadFileOptions,
  type WriteFileOptions,
} from '@toil/core/backend';
import { AtomicWriter, isErrno } from './atomic.js';
import { FileRecords } from './files.js';
import { JobRecords } from './jobs.js';
import { Layout } from './layout.js';
import { createLayout, removeLayout } from './lifecycle.js';
import { parseFileLocator } from './locator.js';
import { StatsChannel } from './stats.js';
import { UrlTransfers, type ImportOptions } from './transfer.js';

/** Mode of shared files: private, because `config.json` holds `--setEnv` values (which may be secrets). */
const SHARED_FILE_MODE = 0o600;

/**
 * A job store in a local (or shared network) directory, locator `file:<absolute path>`. Every record is a file
 * written to `tmp/` and renamed into place, so a crash at any instant leaves each record wholly old or wholly new.
 * The store exists exactly when `shared/config.json` does: `initialize` writes it last, `destroy` removes it first.
 */
export class FileJobStore implements JobStore {
  /** Canonical locator, `file:<absolute path>`. */
  readonly locator: string;
  /** The store's directory. */
  readonly directory: string;

  private readonly layout: Layout;
  private readonly writer: AtomicWriter;
  private readonly jobRecords: JobRecords;
  private readonly fileRecords: FileRecords;
  private readonly statsChannel: StatsChannel;
  private readonly transfers: UrlTransfers;

  /**
   * @param locator `file:<absolute path>` or an absolute path.
   * @param directory The directory, when the caller parsed the locator already; must be absolute.
   */
  constructor(locator: string, directory?: string) {
    this.directory = parseFileLocator(directory ?? locator);
    this.locator = `file:${this.directory}`;
    this.layout = new Layout(this.directory);
    this.writer = new AtomicWriter(this.layout.tmp);
    this.jobRecords = new JobRecords(this.layout, this.writer);
    this.fileRecords = new FileRecords(this.layout, this.writer);
    this.statsChannel = new StatsChannel(this.layout, this.writer);
    this.transfers = new UrlTransfers(this.layout, this.writer, this.fileRecords);
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  async initialize(config: WorkflowConfig): Promise<void> {
    if (await this.exists()) throw new JobStoreExistsError(this.locator);
    await createLayout(this.layout, this.locator);
    this.writer.markKnown(this.layout.baseDirs);
    // Written last and exclusively: the store exists exactly when its config does, and of two processes
    // initializing at once only one creates it (an exists-then-rename would let both "create" it).
    const created = await this.writer.createExclusive(
      this.layout.sharedPath(SharedFiles.config),
      serializeConfig(config),
      SHARED_FILE_MODE,
    );
    if (!created) throw new JobStoreExistsError(this.locator);
  }

  async resume(): Promise<WorkflowConfig> {
    const text = await this.readSharedFile(SharedFiles.config);
    if (text === undefined) throw new NoSuchJobStoreError(this.locator);
    this.writer.markKnown(this.layout.baseDirs);
    return deserializeConfig(text.toString('utf8'), {
      locator: this.locator,
      file: this.layout.sharedPath(SharedFiles.config),
    });
  }

  async exists(): Promise<boolean> {
    try {
      await access(this.layout.sharedPath(SharedFiles.config));
      return true;
    } catch (err) {
      if (isErrno(err, 'ENOENT', 'ENOTDIR')) return false;
      throw err;
    }
  }

  async writeConfig(config: WorkflowConfig): Promise<void> {
    // Core's config codec keeps Infinity (Python's sys.maxsize), which plain JSON would turn into null.
    await this.writeSharedFile(SharedFiles.config, serializeConfig(config));
  }

  async destroy(): Promise<void> {
    this.writer.forgetAll();
    await removeLayout(this.layout, this.layout.sharedPath(SharedFiles.config), await this.exists());
  }

  // ---- jobs ------------------------------------------------------------------------------------

  assignId(): string {
    return randomId('job');
  }

  create(job: JobDescription): Promise<void> {
    return this.jobRecords.create(job);
  }

  async load(id: string): Promise<JobDescription> {
    const job = await this.jobRecords.tryLoad(id);
    if (job === undefined) throw new NoSuchJobError(id);
    return job;
  }

  tryLoad(id: string): Promise<JobDescription | undefined> {
    return this.jobRecords.tryLoad(id);
  }

  update(job: JobDescription): Promise<void> {
    return this.jobRecords.update(job);
  }

  delete(id: string): Promise<void> {
    return this.jobRecords.delete(id);
  }

  jobExists(id: string): Promise<boolean> {
    return this.jobRecords.exists(id);
  }

  jobs(): AsyncIterable<JobDescription> {
    return this.jobRecords.list();
  }

  setRootJob(id: string): Promise<void> {
    return this.writeSharedFile(SharedFiles.rootJob, id);
  }

  /** The root job's ID; a pointer that holds no job ID (it is written whole, by rename) is DamagedJobStoreError. */
  async loadRootJobId(): Promise<string | undefined> {
    const id = (await this.readSharedFile(SharedFiles.rootJob))?.toString('utf8');
    if (id === undefined || Layout.isJobId(id)) return id;
    const quoted = JSON.stringify(id.length > 40 ? `${id.slice(0, 40)}...` : id);
    throw new DamagedJobStoreError(
      this.locator,
      `the root job pointer ${this.layout.sharedPath(SharedFiles.rootJob)}`,
      `holds ${quoted}, which is not a job ID`,
    );
  }

  // ---- files -----------------------------------------------------------------------------------

  writeFile(localPath: string, options?: WriteFileOptions): Promise<string> {
    return this.fileRecords.writeFromPath(localPath, options);
  }

  writeFileBytes(data: Uint8Array | string, options?: WriteFileOptions): Promise<string> {
    return this.fileRecords.writeBytes(data, options);
  }

  writeFileStream(
    fill: (stream: Writable, fileId: string) => Promise<void>,
    options?: WriteFileOptions,
  ): Promise<string> {
    return this.fileRecords.writeStream(fill, options);
  }

  getEmptyFileId(options?: WriteFileOptions): Promise<string> {
    return this.fileRecords.createEmpty(options);
  }

  allocateFileId(options: WriteFileOptions & { ownerJobId: string }): string {
    return this.layout.newFile(options.ownerJobId, options.basename).id;
  }

  writeAllocatedFile(fileId: string, data: Uint8Array | string): Promise<boolean> {
    return this.fileRecords.writeAllocated(fileId, data, (owner) => this.jobExists(owner));
  }

  updateFile(fileId: string, localPath: string): Promise<void> {
    return this.fileRecords.update(fileId, { path: localPath });
  }

  updateFileBytes(fileId: string, data: Uint8Array | string): Promise<void> {
    return this.fileRecords.update(fileId, { data });
  }

  readFile(fileId: string, localPath: string, options?: ReadFileOptions): Promise<void> {
    return this.fileRecords.readTo(fileId, localPath, options);
  }

  readFileBytes(fileId: string): Promise<Buffer> {
    return this.fileRecords.readBytes(fileId);
  }

  readFileStream(fileId: string): Promise<Readable> {
    return this.fileRecords.readStream(fileId);
  }

  deleteFile(fileId: string): Promise<void> {
    return this.fileRecords.delete(fileId);
  }

  fileExists(fileId: string): Promise<boolean> {
    return this.fileRecords.exists(fileId);
  }

  getFileSize(fileId: string): Promise<number> {
    return this.fileRecords.size(fileId);
  }

  isExecutable(fileId: string): Promise<boolean> {
    return this.fileRecords.isExecutable(fileId);
  }

  /**
   * Local path of a stored file, for introspection (`toil debug-file`) and tests. Do not write to it: stored
   * files are replaced only by rename.
   */
  localPathOf(fileId: string): string {
    return this.fileRecords.pathOf(fileId);
  }

  // ---- shared files ----------------------------------------------------------------------------

  async writeSharedFile(name: string, data: Uint8Array | string): Promise<void> {
    await this.writer.write(this.layout.sharedPath(name), data, SHARED_FILE_MODE, true);
  }

  async createSharedFile(name: string, data: Uint8Array | string): Promise<boolean> {
    const dest = this.layout.sharedPath(name);
    try {
      return await this.writer.createExclusive(dest, data, SHARED_FILE_MODE);
    } catch (err) {
      // The store's directories are gone: it was destroyed (or never created). Never resurrect it.
      if (isErrno(err, 'ENOENT', 'ENOTDIR')) throw new NoSuchJobStoreError(this.locator);
      throw err;
    }
  }

  async readSharedFile(name: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.layout.sharedPath(name));
    } catch (err) {
      if (isErrno(err, 'ENOENT', 'ENOTDIR')) return undefined;
      throw err;
    }
  }

  async deleteSharedFile(name: string): Promise<void> {
    await unlink(this.layout.sharedPath(name)).catch((err: unknown) => {
      if (!isErrno(err, 'ENOENT', 'ENOTDIR')) throw err;
    });
  }

  // ---- stats and logging -----------------------------------------------------------------------

  writeStatsAndLogging(blob: string): Promise<void> {
    return this.statsChannel.write(blob);
  }

  readStatsAndLogging(callback: (blob: string) => void | Promise<void>, readAll = false): Promise<number> {
    return this.statsChannel.read(callback, readAll);
  }

  // ---- URLs ------------------------------------------------------------------------------------

  importFile(url: string, options?: ImportOptions): Promise<string | undefined> {
    return this.transfers.importFile(url, options);
  }

  exportFile(fileId: string, url: string): Promise<void> {
    return this.transfers.exportFile(fileId, url);
  }

  getEnv(): Record<string, string> {
    return {};
  }
}
