import type { Readable, Writable } from 'node:stream';
import type { JobDescription } from './description.js';
import type { WorkflowConfig } from '../options/config.js';

/** Options for a file written into the job store. */
export interface WriteFileOptions {
  /**
   * Job that owns the file: the file is deleted together with that job (Toil's `cleanup=True`). Without an owner
   * the file lives until it is deleted or the job store is destroyed.
   */
  ownerJobId?: string;
  /** Name kept for humans and for `toil debug-file --fetch` globbing. */
  basename?: string;
  /** Preserve the executable bit when the file is read back. */
  executable?: boolean;
}

/** Options for reading a job-store file to a local path. */
export interface ReadFileOptions {
  /** A symlink to the stored copy is acceptable. */
  symlink?: boolean;
  /**
   * The caller will modify the local file, so it must be a private copy. When false, a hard link (or reflink)
   * may be returned and the file is made read-only.
   */
  mutable?: boolean;
}

/**
 * The single source of truth of a workflow: job descriptions, files, shared files and the stats/logging channel.
 * Every write is atomic: after a crash at any instant, each record is either wholly old or wholly new.
 * Implementations: `@toil/jobstore-file` (`file:<path>`), `@toil/jobstore-aws`, `@toil/jobstore-gcs`, and the
 * in-memory store of `@toil/testing`. Each runs the contract suite `describeJobStoreContract` of `@toil/testing`.
 */
export interface JobStore {
  /** The locator this store was opened with, e.g. `file:/tmp/js`. */
  readonly locator: string;

  // ---- lifecycle -------------------------------------------------------------------------------
  /**
   * Create the storage and persist the config. Atomic: of several processes initializing the same new store at
   * once, exactly one succeeds and the others get JobStoreExistsError (as does anyone when it exists already).
   * The storage is private to the user (a file store's directory is 0700, its config 0600).
   */
  initialize(config: WorkflowConfig): Promise<void>;
  /** Open existing storage and return its config. Throws NoSuchJobStoreError if there is none. */
  resume(): Promise<WorkflowConfig>;
  /** True if storage exists at the locator (initialized, not destroyed). */
  exists(): Promise<boolean>;
  /** Overwrite the stored config (on restart, after merging command-line options). */
  writeConfig(config: WorkflowConfig): Promise<void>;
  /** Delete everything. Safe to call at any time, also on a store that does not exist. */
  destroy(): Promise<void>;

  // ---- jobs ------------------------------------------------------------------------------------
  /** A fresh, unused job ID. Files may be owned by it before the job itself is created. */
  assignId(): string;
  /** Write a new job description (its ID must come from `assignId`). */
  create(job: JobDescription): Promise<void>;
  /** Load a job; throws NoSuchJobError when it does not exist. */
  load(id: string): Promise<JobDescription>;
  /** Load a job, or undefined when it does not exist. */
  tryLoad(id: string): Promise<JobDescription | undefined>;
  /** Atomically replace a job's description. */
  update(job: JobDescription): Promise<void>;
  /** Delete a job and the files it owns. Atomic and idempotent. */
  delete(id: string): Promise<void>;
  /** Whether the job exists. */
  jobExists(id: string): Promise<boolean>;
  /** Best-effort listing of every job (may include orphans of crashed workers). */
  jobs(): AsyncIterable<JobDescription>;
  /** Record the root job. */
  setRootJob(id: string): Promise<void>;
  /** The root job's ID, or undefined if none was set. */
  loadRootJobId(): Promise<string | undefined>;

  // ---- files -----------------------------------------------------------------------------------
  /** Copy a local file into the store; returns its ID. */
  writeFile(localPath: string, options?: WriteFileOptions): Promise<string>;
  /** Store bytes; returns the new file's ID. */
  writeFileBytes(data: Uint8Array | string, options?: WriteFileOptions): Promise<string>;
  /**
   * Stream a new file into the store. `fill` gets the writable and the file's ID; the file becomes visible only
   * after `fill` resolves and the stream is finished. Returns the ID.
   */
  writeFileStream(
    fill: (stream: Writable, fileId: string) => Promise<void>,
    options?: WriteFileOptions,
  ): Promise<string>;
  /** Create an empty file and return its ID (used for promise and flag files). */
  getEmptyFileId(options?: WriteFileOptions): Promise<string>;
  /**
   * A new file ID owned by a job, without creating the file: it appears when `writeAllocatedFile` first writes
   * it, and reading it before that throws NoSuchFileError. Promise files use this, which saves creating an empty
   * file per promise (file creation dominates job-store cost on many disks).
   */
  allocateFileId(options: WriteFileOptions & { ownerJobId: string }): string;
  /**
   * Create or atomically replace the file of an ID from `allocateFileId` (or any existing file). Resolves false,
   * writing nothing, when the file's owner job no longer exists.
   */
  writeAllocatedFile(fileId: string, data: Uint8Array | string): Promise<boolean>;
  /** Atomically replace the contents of an existing file. Throws NoSuchFileError if it does not exist. */
  updateFile(fileId: string, localPath: string): Promise<void>;
  /** Atomically replace the contents of an existing file with bytes. Throws NoSuchFileError if it does not exist. */
  updateFileBytes(fileId: string, data: Uint8Array | string): Promise<void>;
  /** Copy (or link, see options) a stored file to a local path. */
  readFile(fileId: string, localPath: string, options?: ReadFileOptions): Promise<void>;
  /** Read a stored file's bytes. */
  readFileBytes(fileId: string): Promise<Buffer>;
  /** Stream a stored file. */
  readFileStream(fileId: string): Promise<Readable>;
  /** Delete a file; idempotent. */
  deleteFile(fileId: string): Promise<void>;
  /** Whether the file exists. */
  fileExists(fileId: string): Promise<boolean>;
  /** Size in bytes, or 0 when the file does not exist. */
  getFileSize(fileId: string): Promise<number>;
  /** Whether the stored file is executable. */
  isExecutable(fileId: string): Promise<boolean>;

  // ---- shared files (names match ^[a-zA-Z0-9._-]+$) ---------------------------------------------
  /** Atomically create or overwrite a named file. */
  writeSharedFile(name: string, data: Uint8Array | string): Promise<void>;
  /** Read a named file, or undefined when it does not exist. */
  readSharedFile(name: string): Promise<Buffer | undefined>;
  /** Delete a named file; idempotent. */
  deleteSharedFile(name: string): Promise<void>;
  /**
   * Atomically create a named file unless it exists: resolves true when this call created it, false when the
   * file was there already (whoever else created it, on any host). The leader lock is built on this. Throws
   * NoSuchJobStoreError when the store does not exist; it never creates the store.
   */
  createSharedFile(name: string, data: Uint8Array | string): Promise<boolean>;

  // ---- stats and logging channel ----------------------------------------------------------------
  /** Append one stats/logging blob. */
  writeStatsAndLogging(blob: string): Promise<void>;
  /**
   * Pass each blob not read before to `callback` (all blobs, also those read before, when `readAll`).
   * Returns how many blobs were passed. A callback that throws MalformedStatsBlobError has its blob set aside
   * (kept, never passed again) and the reading goes on; any other error stops the reading and leaves that blob
   * to be passed again.
   */
  readStatsAndLogging(callback: (blob: string) => void | Promise<void>, readAll?: boolean): Promise<number>;

  // ---- URLs ------------------------------------------------------------------------------------
  /** Import a URL (file:, http(s):, and the store's own scheme) as a new file; returns its ID. */
  importFile(url: string, options?: { sharedFileName?: string; symlink?: boolean }): Promise<string | undefined>;
  /** Export a stored file to a URL (file: and the store's own scheme). */
  exportFile(fileId: string, url: string): Promise<void>;

  /** Environment variables a worker needs to reach this store (e.g. endpoints). */
  getEnv(): Record<string, string>;

  /**
   * A private scratch copy for `toil debug-job`: the same contents, while every write goes to the copy only and
   * this store is never changed. Optional: a `file:` store is copied with hard links by the CLI instead, and a
   * store without it cannot be debugged.
   */
  scratchCopy?(): JobStore;

  /**
   * Every object the store holds, for `toil debug-file` on a store that is not a folder: its path inside the
   * store (`files/<job>/<id>/reads.bam`, `jobs/<id>`, `shared/config.json`) and a way to copy it into a local file.
   * Reads only. Optional: a `file:` store is listed by the CLI from its folder, and a store with neither cannot be
   * inspected by debug-file.
   */
  listObjects?(): AsyncIterable<{ path: string; download(destPath: string): Promise<void> }>;
}

/** Names of the shared files core uses. */
export const SharedFiles = {
  config: 'config.json',
  rootJob: 'rootJobStoreID',
  rootReturnValue: 'rootJobReturnValue',
  userModule: 'userModule.json',
  environment: 'environment.json',
  pid: 'pid.log',
  /** Written by `toil kill` for a leader it cannot signal (another host); the leader polls it and stops. */
  killFlag: 'kill.flag',
  /** The leader lock: who works on the store now (see leader/leader-lock.ts). */
  leaderLock: 'leader.lock',
  /** Held for the instant of taking over a dead leader's lock, so that only one process does it. */
  leaderLockTakeover: 'leader.lock.takeover',
} as const;

/** Shared file names are restricted so that every store can map them to keys or paths safely. */
export const SHARED_FILE_NAME = /^[a-zA-Z0-9._-]+$/;
