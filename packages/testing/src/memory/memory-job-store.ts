import { stat, readFile as readLocalFile } from 'node:fs/promises';
import { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import {
  DamagedJobStoreError,
  InvalidLocatorError,
  InvalidValueError,
  JobStoreExistsError,
  MalformedStatsBlobError,
  NoSuchFileError,
  NoSuchJobError,
  NoSuchJobStoreError,
  type WorkflowConfig,
} from '@toil/core';
import {
  SHARED_FILE_NAME,
  SharedFiles,
  deserializeConfig,
  parseJobDescription,
  serializeConfig,
  randomId,
  type JobDescription,
  type JobStore,
  type ReadFileOptions,
  type WriteFileOptions,
} from '@toil/core/backend';
import { writeLocalFile } from '../local-files.js';
import { deliverToUrl, fetchUrl } from './urls.js';
import { emptyState, memoryStores, type MemoryFile, type MemoryState } from './state.js';

/**
 * A job store held in memory, locator `memory:<name>`, with the same semantics as the real stores (it passes
 * `describeJobStoreContract`). For unit tests of code that uses a job store. Files read to local paths are real
 * local files.
 */
export class MemoryJobStore implements JobStore {
  readonly locator: string;
  private readonly name: string;
  /** Owners of IDs handed out by allocateFileId and not yet written. */
  private readonly allocated = new Map<string, string>();

  /** @param locator `memory:<name>`; a fresh random name when omitted. */
  constructor(locator = `memory:${randomId('store')}`) {
    if (!locator.startsWith('memory:') || locator.length === 'memory:'.length) {
      throw new InvalidLocatorError(locator, "use 'memory:<name>'");
    }
    this.locator = locator;
    this.name = locator.slice('memory:'.length);
  }

  /** The state, or NoSuchJobStoreError when the store was not initialized (or was destroyed). */
  private get state(): MemoryState {
    const state = memoryStores.get(this.name);
    if (!state) throw new NoSuchJobStoreError(this.locator);
    return state;
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  async initialize(config: WorkflowConfig): Promise<void> {
    if (memoryStores.has(this.name)) throw new JobStoreExistsError(this.locator);
    memoryStores.set(this.name, emptyState());
    await this.writeConfig(config);
  }

  async resume(): Promise<WorkflowConfig> {
    const text = memoryStores.get(this.name)?.shared.get(SharedFiles.config);
    if (text === undefined) throw new NoSuchJobStoreError(this.locator);
    return deserializeConfig(text.toString('utf8'), { locator: this.locator, file: `'${SharedFiles.config}'` });
  }

  async exists(): Promise<boolean> {
    return memoryStores.has(this.name);
  }

  async writeConfig(config: WorkflowConfig): Promise<void> {
    await this.writeSharedFile(SharedFiles.config, serializeConfig(config));
  }

  async destroy(): Promise<void> {
    memoryStores.delete(this.name);
  }

  // ---- jobs ------------------------------------------------------------------------------------

  assignId(): string {
    return randomId('job');
  }

  async create(job: JobDescription): Promise<void> {
    this.state.jobs.set(job.id, JSON.stringify(job));
  }

  async load(id: string): Promise<JobDescription> {
    const job = await this.tryLoad(id);
    if (job === undefined) throw new NoSuchJobError(id);
    return job;
  }

  async tryLoad(id: string): Promise<JobDescription | undefined> {
    const text = this.state.jobs.get(id);
    return text === undefined ? undefined : this.parseRecord(id, text);
  }

  /** A stored record, checked as the file store checks it: a damaged one names its record ID. */
  private parseRecord(id: string, text: string): JobDescription {
    const parsed = parseJobDescription(text, id);
    if (!parsed.ok) throw new DamagedJobStoreError(this.locator, `the job record '${id}'`, parsed.problem);
    return parsed.job;
  }

  async update(job: JobDescription): Promise<void> {
    const { jobs } = this.state;
    if (!jobs.has(job.id)) throw new NoSuchJobError(job.id);
    jobs.set(job.id, JSON.stringify(job));
  }

  async delete(id: string): Promise<void> {
    const state = this.state;
    state.jobs.delete(id);
    for (const fileId of state.owned.get(id) ?? []) state.files.delete(fileId);
    state.owned.delete(id);
  }

  async jobExists(id: string): Promise<boolean> {
    return this.state.jobs.has(id);
  }

  async *jobs(): AsyncGenerator<JobDescription> {
    // Snapshot first: callers may delete jobs while iterating.
    for (const [id, text] of [...this.state.jobs]) yield this.parseRecord(id, text);
  }

  async setRootJob(id: string): Promise<void> {
    await this.writeSharedFile(SharedFiles.rootJob, id);
  }

  /** The root job's ID; an empty pointer (it is written whole) is DamagedJobStoreError, as in the file store. */
  async loadRootJobId(): Promise<string | undefined> {
    const id = (await this.readSharedFile(SharedFiles.rootJob))?.toString('utf8');
    if (id !== undefined && !/^[A-Za-z0-9_-]+$/.test(id)) {
      throw new DamagedJobStoreError(
        this.locator,
        `the shared file '${SharedFiles.rootJob}'`,
        `holds ${JSON.stringify(id.slice(0, 40))}, which is not a job ID`,
      );
    }
    return id;
  }

  // ---- files -----------------------------------------------------------------------------------

  /** Store a complete file under a new ID. */
  private add(data: Buffer, options: WriteFileOptions | undefined, id = this.newFileId(options)): string {
    const state = this.state;
    const file: MemoryFile = { data, executable: options?.executable ?? false, owner: options?.ownerJobId };
    state.files.set(id, file);
    if (file.owner !== undefined) {
      const owned = state.owned.get(file.owner) ?? new Set<string>();
      owned.add(id);
      state.owned.set(file.owner, owned);
    }
    return id;
  }

  private newFileId(options: WriteFileOptions | undefined): string {
    const name = options?.basename?.replace(/[^A-Za-z0-9._-]/g, '_');
    return name ? `${randomId('file')}/${name}` : randomId('file');
  }

  private file(fileId: string): MemoryFile {
    const file = this.state.files.get(fileId);
    if (!file) throw new NoSuchFileError(fileId);
    return file;
  }

  async writeFile(localPath: string, options?: WriteFileOptions): Promise<string> {
    const executable = options?.executable ?? ((await stat(localPath)).mode & 0o111) !== 0;
    return this.add(await readLocalFile(localPath), { ...options, executable });
  }

  async writeFileBytes(data: Uint8Array | string, options?: WriteFileOptions): Promise<string> {
    return this.add(Buffer.from(data), options);
  }

  async writeFileStream(
    fill: (stream: Writable, fileId: string) => Promise<void>,
    options?: WriteFileOptions,
  ): Promise<string> {
    if (!memoryStores.has(this.name)) throw new NoSuchJobStoreError(this.locator);
    const id = this.newFileId(options);
    const chunks: Buffer[] = [];
    const stream = new Writable({
      write(chunk: Buffer | string, encoding, callback) {
        chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk);
        callback();
      },
    });
    await fill(stream, id);
    if (!stream.writableEnded) stream.end();
    await finished(stream);
    // Visible only now that the stream is complete.
    return this.add(Buffer.concat(chunks), options, id);
  }

  async getEmptyFileId(options?: WriteFileOptions): Promise<string> {
    return this.add(Buffer.alloc(0), options);
  }

  allocateFileId(options: WriteFileOptions & { ownerJobId: string }): string {
    const id = this.newFileId(options);
    this.allocated.set(id, options.ownerJobId);
    return id;
  }

  async writeAllocatedFile(fileId: string, data: Uint8Array | string): Promise<boolean> {
    const existing = this.state.files.get(fileId);
    if (existing) {
      existing.data = Buffer.from(data);
      return true;
    }
    const owner = this.allocated.get(fileId);
    if (owner === undefined) throw new NoSuchFileError(fileId);
    if (!this.state.jobs.has(owner)) return false;
    this.add(Buffer.from(data), { ownerJobId: owner }, fileId);
    return true;
  }

  async updateFile(fileId: string, localPath: string): Promise<void> {
    const file = this.file(fileId);
    file.data = await readLocalFile(localPath);
  }

  async updateFileBytes(fileId: string, data: Uint8Array | string): Promise<void> {
    this.file(fileId).data = Buffer.from(data);
  }

  async readFile(fileId: string, localPath: string, options?: ReadFileOptions): Promise<void> {
    const file = this.file(fileId);
    // Mirror the file store: immutable reads are read-only, mutable reads are private writable copies.
    const mode = options?.mutable ? (file.executable ? 0o755 : 0o644) : file.executable ? 0o555 : 0o444;
    await writeLocalFile(localPath, file.data, mode);
  }

  async readFileBytes(fileId: string): Promise<Buffer> {
    return Buffer.from(this.file(fileId).data);
  }

  async readFileStream(fileId: string): Promise<Readable> {
    return Readable.from([Buffer.from(this.file(fileId).data)]);
  }

  async deleteFile(fileId: string): Promise<void> {
    const state = this.state;
    const owner = state.files.get(fileId)?.owner;
    state.files.delete(fileId);
    if (owner !== undefined) state.owned.get(owner)?.delete(fileId);
  }

  async fileExists(fileId: string): Promise<boolean> {
    return this.state.files.has(fileId);
  }

  async getFileSize(fileId: string): Promise<number> {
    return this.state.files.get(fileId)?.data.length ?? 0;
  }

  async isExecutable(fileId: string): Promise<boolean> {
    return this.file(fileId).executable;
  }

  // ---- shared files ----------------------------------------------------------------------------

  private checkName(name: string): string {
    if (!SHARED_FILE_NAME.test(name)) {
      throw new InvalidValueError('shared file name', name, 'use only letters, digits, dots, dashes and underscores');
    }
    return name;
  }

  async writeSharedFile(name: string, data: Uint8Array | string): Promise<void> {
    this.state.shared.set(this.checkName(name), Buffer.from(data));
  }

  async readSharedFile(name: string): Promise<Buffer | undefined> {
    const data = this.state.shared.get(this.checkName(name));
    return data && Buffer.from(data);
  }

  async deleteSharedFile(name: string): Promise<void> {
    this.state.shared.delete(this.checkName(name));
  }

  async createSharedFile(name: string, data: Uint8Array | string): Promise<boolean> {
    const shared = this.state.shared;
    if (shared.has(this.checkName(name))) return false;
    shared.set(name, Buffer.from(data));
    return true;
  }

  // ---- stats and logging -----------------------------------------------------------------------

  async writeStatsAndLogging(blob: string): Promise<void> {
    this.state.stats.push({ blob, read: false });
  }

  async readStatsAndLogging(callback: (blob: string) => void | Promise<void>, readAll = false): Promise<number> {
    const entries = this.state.stats.filter((entry) => !entry.bad && (readAll || !entry.read));
    // Read ones first, as the file store passes them: they are older.
    entries.sort((a, b) => Number(b.read) - Number(a.read));
    for (const entry of entries) {
      try {
        await callback(entry.blob);
      } catch (error) {
        // Set a malformed blob aside so that it cannot block the ones after it; any other error leaves it unread.
        if (!MalformedStatsBlobError.is(error)) throw error;
        entry.bad = true;
      }
      entry.read = true;
    }
    return entries.length;
  }

  // ---- URLs ------------------------------------------------------------------------------------

  async importFile(url: string, options?: { sharedFileName?: string; symlink?: boolean }): Promise<string | undefined> {
    const { data, executable } = await fetchUrl(url);
    if (options?.sharedFileName !== undefined) {
      await this.writeSharedFile(options.sharedFileName, data);
      return undefined;
    }
    return this.add(data, { executable });
  }

  async exportFile(fileId: string, url: string): Promise<void> {
    const file = this.file(fileId);
    await deliverToUrl(file.data, file.executable, url);
  }

  getEnv(): Record<string, string> {
    return {};
  }
}
