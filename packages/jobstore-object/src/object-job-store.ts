import type { Readable, Writable } from 'node:stream';
import {
  DamagedJobStoreError,
  InvalidValueError,
  JobStoreExistsError,
  NoSuchFileError,
  NoSuchJobError,
  NoSuchJobStoreError,
  ToilError,
  type WorkflowConfig,
} from '@toil/core';
import {
  SHARED_FILE_NAME,
  SharedFiles,
  deserializeConfig,
  parseJobDescription,
  randomId,
  serializeConfig,
  type JobDescription,
  type JobStore,
  type ReadFileOptions,
  type WriteFileOptions,
} from '@toil/core/backend';
import { isAbsolute, resolve } from 'node:path';
import { ObjectFiles, downloadTo } from './files.js';
import { Keys, isJobId, newFileId, ownerOf } from './keys.js';
import { MemoryObjectStore } from './memory-object-store.js';
import { BucketMissing, type ObjectStoreClient } from './object-store.js';
import { OverlayObjectStore, type OverlayLayer } from './overlay-object-store.js';
import { ObjectStats } from './stats.js';
import { ObjectUrls } from './urls.js';

/** How many records `jobs()` loads at once: listing is cheap, each GET is a round trip. */
const LOAD_CONCURRENCY = 16;
/** How often an update is retried while other writers keep replacing the same record. */
const UPDATE_TRIES = 10;

/** What one object store (S3, GCS, ...) gives the driver: its locator, its clients and its workers' variables. */
export interface ObjectJobStoreBackend {
  /** The canonical locator (`aws:<region>:<name>`, `google:<project>:<name>`). */
  locator: string;
  /**
   * Open the client of the store's bucket. Called on the first operation, never by the constructor, so the SDK
   * loads only when a store is used. With `keyPath` (absolute), the client reads and writes objects encrypted with
   * the customer key of that `--sseKey` file; a bad key file rejects here.
   */
  openClient(keyPath?: string): Promise<ObjectStoreClient>;
  /** The environment variables a worker needs to reach the same server (never a secret). */
  env(): Record<string, string>;
  /** The client to use instead of `openClient()` (tests, or an object store that needs no SDK). */
  client?: ObjectStoreClient;
}

/**
 * A job store in one bucket of an object store: the config and shared files, one object per job record, the files
 * and the stats channel (layout in keys.ts). Exclusive creates are conditional PUTs that fail when the key exists
 * and replacements conditional PUTs on the version last read (S3's ETag, GCS's generation), so concurrent writers
 * cannot corrupt a record, and a deleted record is never brought back by a late update. Only the client knows the
 * SDK; each store package (`@toil/jobstore-aws`, `@toil/jobstore-gcs`) subclasses this with its locator rules.
 */
export class ObjectJobStore implements JobStore {
  readonly locator: string;
  private client?: Promise<ObjectStoreClient>;
  /** The client for `files/`: encrypting with the `--sseKey` key once a config names one, else `client`. */
  private filesClient?: Promise<ObjectStoreClient>;
  /** The key file this store's files are encrypted with (absolute), if any. */
  private sseKeyPath?: string;
  private readonly files: ObjectFiles;
  private readonly stats: ObjectStats;
  private readonly urls: ObjectUrls;

  /** Open (not create) the store; nothing is contacted until the first operation. */
  constructor(private readonly backend: ObjectJobStoreBackend) {
    this.locator = backend.locator;
    if (backend.client) this.client = Promise.resolve(backend.client);
    this.files = new ObjectFiles(() => this.fileObjects());
    this.stats = new ObjectStats(() => this.objects());
    this.urls = new ObjectUrls(this.files, (name, data) => this.writeSharedFile(name, data));
  }

  /**
   * A scratch copy of this store for `toil debug-job`: the same contents, read from this store's bucket as
   * needed, while every write and delete stays in memory (OverlayObjectStore), so this store is never changed.
   */
  scratchCopy(): ObjectJobStore {
    const layer: OverlayLayer = { top: new MemoryObjectStore(`scratch of ${this.locator}`), deleted: new Set() };
    const overlay = async (base: Promise<ObjectStoreClient>) => new OverlayObjectStore(await base, layer);
    return new ObjectJobStore({
      locator: this.locator,
      openClient: (keyPath) => overlay(keyPath === undefined ? this.objects() : this.backend.openClient(keyPath)),
      env: () => this.backend.env(),
    });
  }

  /** Every object of the bucket, for `toil debug-file`; files are read with the `--sseKey` key when there is one. */
  async *listObjects(): AsyncGenerator<{ path: string; download(destPath: string): Promise<void> }> {
    const objects = await this.objects();
    for await (const key of objects.list('')) {
      const client = key.startsWith(Keys.file('')) ? await this.fileObjects() : objects;
      yield {
        path: key,
        download: async (destPath) => {
          const found = await client.getStream(key);
          if (!found) throw new NoSuchFileError(`${this.locator}/${key}`);
          await downloadTo(found.stream, destPath, found.info.metadata.executable === '1' ? 0o755 : 0o644);
        },
      };
    }
  }

  /** The object store, created on first use: the SDK loads here, never when the package is imported. */
  private objects(): Promise<ObjectStoreClient> {
    this.client ??= this.backend.openClient();
    return this.client;
  }

  /** The client for job-store files: the encrypting one when the config names a key. */
  private fileObjects(): Promise<ObjectStoreClient> {
    return this.filesClient ?? this.objects();
  }

  /**
   * Take the `--sseKey` of a config and return the config with the key file's path made absolute (on the leader,
   * since workers may start in another directory), as it is stored for the workers. The key is read and checked by
   * the first file operation, so a store whose key file is lost can still be resumed for `toil status` and
   * `toil clean`; `initialize` checks it first.
   */
  private useConfigKey(config: WorkflowConfig): WorkflowConfig {
    if (config.sseKey === undefined || config.sseKey === '') return config;
    const path = isAbsolute(config.sseKey) ? config.sseKey : resolve(config.sseKey);
    if (path !== this.sseKeyPath) {
      this.sseKeyPath = path;
      this.filesClient = this.backend.openClient(path);
      // Read by the first file operation; until then a bad key file must not be an unhandled rejection.
      this.filesClient.catch(() => undefined);
    }
    return { ...config, sseKey: path };
  }

  /** Run an operation; a missing bucket means the store does not exist. */
  private async guard<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      if (err instanceof BucketMissing) throw new NoSuchJobStoreError(this.locator, 'or it was destroyed.');
      throw err;
    }
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  async initialize(config: WorkflowConfig): Promise<void> {
    config = this.useConfigKey(config);
    await this.fileObjects(); // a bad --sseKey file fails here, before anything is created
    const store = await this.objects();
    await store.createBucket();
    // The config is the store's birth certificate: of concurrent initializers, exactly one creates it.
    const created = await this.guard(() => this.putExclusive(Keys.shared(SharedFiles.config), serializeConfig(config)));
    if (!created) throw new JobStoreExistsError(this.locator);
  }

  async resume(): Promise<WorkflowConfig> {
    const text = await this.readSharedFile(SharedFiles.config).catch((err: unknown) => {
      if (ToilError.is(err) && err.code === 'NO_SUCH_JOB_STORE') return undefined;
      throw err;
    });
    if (text === undefined) throw new NoSuchJobStoreError(this.locator);
    const config = deserializeConfig(text.toString('utf8'), { locator: this.locator, file: `'${SharedFiles.config}'` });
    return this.useConfigKey(config);
  }

  async exists(): Promise<boolean> {
    return (await (await this.objects()).head(Keys.shared(SharedFiles.config))) !== undefined;
  }

  async writeConfig(config: WorkflowConfig): Promise<void> {
    await this.writeSharedFile(SharedFiles.config, serializeConfig(this.useConfigKey(config)));
  }

  async destroy(): Promise<void> {
    const store = await this.objects();
    try {
      // The config goes first, so a half-destroyed store no longer counts as existing.
      await store.delete(Keys.shared(SharedFiles.config));
      await store.abortUploads();
      const batch: string[] = [];
      for await (const key of store.list('')) {
        batch.push(key);
        if (batch.length === 1000) await store.delete(...batch.splice(0));
      }
      if (batch.length > 0) await store.delete(...batch);
      await store.deleteBucket();
    } catch (err) {
      if (!(err instanceof BucketMissing)) throw err;
    }
  }

  // ---- jobs ------------------------------------------------------------------------------------

  assignId(): string {
    return randomId('job');
  }

  async create(job: JobDescription): Promise<void> {
    if (!isJobId(job.id)) throw new InvalidValueError('job ID', job.id, 'use an ID returned by assignId()');
    if (!(await this.guard(() => this.putExclusive(Keys.job(job.id), JSON.stringify(job))))) {
      throw new InvalidValueError('job ID', job.id, 'a job with this ID exists already; use a new ID from assignId()');
    }
  }

  async load(id: string): Promise<JobDescription> {
    const job = await this.tryLoad(id);
    if (job === undefined) throw new NoSuchJobError(id);
    return job;
  }

  async tryLoad(id: string): Promise<JobDescription | undefined> {
    if (!isJobId(id)) return undefined;
    const found = await this.guard(async () => (await this.objects()).get(Keys.job(id)));
    if (!found) return undefined;
    const parsed = parseJobDescription(found.body.toString('utf8'), id);
    if (!parsed.ok) throw new DamagedJobStoreError(this.locator, `the job record '${Keys.job(id)}'`, parsed.problem);
    return parsed.job;
  }

  /** Replace a record only while it exists (a put conditional on its current version): a deleted job stays deleted. */
  async update(job: JobDescription): Promise<void> {
    const store = await this.objects();
    const body = Buffer.from(JSON.stringify(job));
    await this.guard(async () => {
      for (let attempt = 0; attempt < UPDATE_TRIES; attempt++) {
        const info = isJobId(job.id) ? await store.head(Keys.job(job.id)) : undefined;
        if (!info) throw new NoSuchJobError(job.id);
        if (await store.put(Keys.job(job.id), body, { ifMatch: info.version })) return;
      }
      throw new Error(`The job record '${job.id}' kept changing during ${UPDATE_TRIES} attempts to update it.`);
    });
  }

  /** Delete the record, then its files: a crash in between leaves unreachable files, never a job without them. */
  async delete(id: string): Promise<void> {
    if (!isJobId(id)) return;
    await this.guard(async () => {
      const store = await this.objects();
      await store.delete(Keys.job(id));
      const owned: string[] = [];
      for await (const key of store.list(Keys.ownedFiles(id))) owned.push(key);
      if (owned.length > 0) await store.delete(...owned);
    });
  }

  async jobExists(id: string): Promise<boolean> {
    if (!isJobId(id)) return false;
    return this.guard(async () => (await (await this.objects()).head(Keys.job(id))) !== undefined);
  }

  async *jobs(): AsyncGenerator<JobDescription> {
    const store = await this.objects();
    const ids: string[] = [];
    await this.guard(async () => {
      for await (const key of store.list(Keys.jobs)) ids.push(key.slice(Keys.jobs.length));
    });
    for (let i = 0; i < ids.length; i += LOAD_CONCURRENCY) {
      const loaded = await Promise.all(ids.slice(i, i + LOAD_CONCURRENCY).map((id) => this.tryLoad(id)));
      for (const job of loaded) if (job) yield job; // deleted while listing: skipped
    }
  }

  async setRootJob(id: string): Promise<void> {
    await this.writeSharedFile(SharedFiles.rootJob, id);
  }

  async loadRootJobId(): Promise<string | undefined> {
    const id = (await this.readSharedFile(SharedFiles.rootJob))?.toString('utf8');
    if (id !== undefined && !isJobId(id)) {
      throw new DamagedJobStoreError(
        this.locator,
        `the shared file '${SharedFiles.rootJob}'`,
        `holds ${JSON.stringify(id.slice(0, 40))}, which is not a job ID`,
      );
    }
    return id;
  }

  // ---- files -----------------------------------------------------------------------------------

  async writeFile(localPath: string, options?: WriteFileOptions): Promise<string> {
    return this.guard(() => this.files.writeLocal(localPath, options));
  }

  async writeFileBytes(data: Uint8Array | string, options?: WriteFileOptions): Promise<string> {
    return this.guard(() => this.files.writeBytes(data, options));
  }

  async writeFileStream(
    fill: (stream: Writable, fileId: string) => Promise<void>,
    options?: WriteFileOptions,
  ): Promise<string> {
    return this.guard(() => this.files.writeStream(fill, options));
  }

  async getEmptyFileId(options?: WriteFileOptions): Promise<string> {
    return this.writeFileBytes(Buffer.alloc(0), options);
  }

  allocateFileId(options: WriteFileOptions & { ownerJobId: string }): string {
    return newFileId(options.ownerJobId, options.basename);
  }

  /**
   * Write an allocated (or existing) file. The owner is checked before and after the PUT: a job deleted in
   * between would have missed this file in its listing, so the file is removed again and false returned.
   */
  async writeAllocatedFile(fileId: string, data: Uint8Array | string): Promise<boolean> {
    return this.guard(async () => {
      if (await this.files.tryInfo(fileId)) {
        await (await this.fileObjects()).put(Keys.file(fileId), Buffer.from(data), { metadata: { executable: '0' } });
        return true;
      }
      const owner = ownerOf(fileId);
      if (owner === null || owner === undefined) throw new NoSuchFileError(fileId);
      if (!(await this.jobExists(owner))) return false;
      await this.files.writeBytes(data, { ownerJobId: owner }, fileId);
      if (await this.jobExists(owner)) return true;
      await this.deleteFile(fileId);
      return false;
    });
  }

  async updateFile(fileId: string, localPath: string): Promise<void> {
    await this.guard(() => this.files.replaceFromLocal(fileId, localPath));
  }

  async updateFileBytes(fileId: string, data: Uint8Array | string): Promise<void> {
    await this.guard(() => this.files.replace(fileId, Buffer.from(data)));
  }

  async readFile(fileId: string, localPath: string, options?: ReadFileOptions): Promise<void> {
    await this.guard(() => this.files.readToLocal(fileId, localPath, options));
  }

  async readFileBytes(fileId: string): Promise<Buffer> {
    return this.guard(() => this.files.readBytes(fileId));
  }

  async readFileStream(fileId: string): Promise<Readable> {
    return this.guard(async () => (await this.files.readStream(fileId)).stream);
  }

  async deleteFile(fileId: string): Promise<void> {
    if (ownerOf(fileId) === null) return;
    await this.guard(async () => (await this.objects()).delete(Keys.file(fileId)));
  }

  async fileExists(fileId: string): Promise<boolean> {
    return this.guard(async () => (await this.files.tryInfo(fileId)) !== undefined);
  }

  async getFileSize(fileId: string): Promise<number> {
    return this.guard(async () => (await this.files.tryInfo(fileId))?.size ?? 0);
  }

  async isExecutable(fileId: string): Promise<boolean> {
    return this.guard(async () => (await this.files.info(fileId)).metadata.executable === '1');
  }

  // ---- shared files ----------------------------------------------------------------------------

  private checkName(name: string): string {
    if (!SHARED_FILE_NAME.test(name)) {
      throw new InvalidValueError('shared file name', name, 'use only letters, digits, dots, dashes and underscores');
    }
    return name;
  }

  async writeSharedFile(name: string, data: Uint8Array | string): Promise<void> {
    const key = Keys.shared(this.checkName(name));
    await this.guard(async () => (await this.objects()).put(key, Buffer.from(data)));
  }

  async readSharedFile(name: string): Promise<Buffer | undefined> {
    const key = Keys.shared(this.checkName(name));
    return this.guard(async () => (await (await this.objects()).get(key))?.body);
  }

  async deleteSharedFile(name: string): Promise<void> {
    const key = Keys.shared(this.checkName(name));
    await this.guard(async () => (await this.objects()).delete(key));
  }

  async createSharedFile(name: string, data: Uint8Array | string): Promise<boolean> {
    const key = Keys.shared(this.checkName(name));
    return this.guard(async () => {
      if (!(await this.exists())) throw new NoSuchJobStoreError(this.locator, 'or it was destroyed.');
      return this.putExclusive(key, data);
    });
  }

  /**
   * A create-only PUT: true when this call created the object. A condition failure is never taken for success,
   * even with equal content: two initializers may well write equal configs, and exactly one may win.
   */
  private async putExclusive(key: string, data: Uint8Array | string): Promise<boolean> {
    return (await this.objects()).put(key, Buffer.from(data), { ifNoneMatch: true });
  }

  // ---- stats and logging -----------------------------------------------------------------------

  async writeStatsAndLogging(blob: string): Promise<void> {
    await this.guard(() => this.stats.write(blob));
  }

  async readStatsAndLogging(callback: (blob: string) => void | Promise<void>, readAll = false): Promise<number> {
    return this.guard(() => this.stats.read(callback, readAll));
  }

  // ---- URLs ------------------------------------------------------------------------------------

  async importFile(url: string, options?: { sharedFileName?: string; symlink?: boolean }): Promise<string | undefined> {
    if (options?.sharedFileName !== undefined) this.checkName(options.sharedFileName);
    return this.guard(() => this.urls.importFile(url, options));
  }

  async exportFile(fileId: string, url: string): Promise<void> {
    await this.guard(() => this.urls.exportFile(fileId, url));
  }

  getEnv(): Record<string, string> {
    return this.backend.env();
  }
}
