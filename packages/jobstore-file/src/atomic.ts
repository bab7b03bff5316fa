import { constants, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { copyFile, chmod, link, mkdir, readdir, rename, rm, rmdir, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { randomId } from '@toil/core/backend';

/** True when `err` is a Node system error with one of the given codes. */
export function isErrno(err: unknown, ...codes: string[]): boolean {
  const code = typeof err === 'object' && err !== null ? (err as NodeJS.ErrnoException).code : undefined;
  return code !== undefined && codes.includes(code);
}

/** Mode of a stored file. Stored files are read-only because immutable reads may hard-link them. */
export function storedMode(executable: boolean): number {
  return executable ? 0o555 : 0o444;
}

/** Mode of a private copy handed to a caller. */
export function privateMode(executable: boolean): number {
  return executable ? 0o755 : 0o644;
}

/** Whether a mode has any executable bit. */
export function isExecutableMode(mode: number): boolean {
  return (mode & 0o111) !== 0;
}

/**
 * Temp names are a random per-process tag plus a counter: unique across processes and hosts sharing the store,
 * and cheaper than fresh randomness per write.
 */
const PROCESS_TAG = randomId('t');
let counter = 0;

/** A name no other temp file (of any process) has. */
export function uniqueName(): string {
  return `${PROCESS_TAG}-${(counter++).toString(36)}`;
}

/** Remove a file or tree, ignoring that it is already gone. */
export async function removeQuietly(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true }).catch(() => undefined);
}

/**
 * Remove a directory that holds only files (a deleted job's owned files): one readdir, the unlinks, one rmdir,
 * where a generic recursive rm would also stat every entry. Falls back to rm for anything unexpected.
 */
export async function removeFlatDir(dir: string): Promise<void> {
  try {
    await Promise.all((await readdir(dir)).map((name) => unlink(join(dir, name))));
    await rmdir(dir);
  } catch {
    await removeQuietly(dir);
  }
}

/**
 * Data up to this size is written with synchronous calls (records, promise values, stats blobs). A record of a
 * few KB costs the kernel ~0.3 ms to create and rename here; the four thread-pool round trips of the promise
 * API (open, write, close, rename) add as much CPU again and ~1 ms of latency on a loaded machine, on the path
 * of every job. Blocking the event loop that long is cheaper than the hops; larger data keeps the promise API.
 */
export const SYNC_WRITE_LIMIT = 64 * 1024;

/**
 * Read a small file (a job record) whole. Synchronously: a few-KB read takes ~15 µs on the calling thread and
 * ~160 µs of CPU through the thread pool (open, read, close are each a round trip), and the leader and every
 * worker read several records per job. A record is replaced only by rename, so the read sees one whole version.
 */
export async function readSmallFile(path: string): Promise<Buffer> {
  return readFileSync(path);
}

/**
 * Crash-safe writes: data goes to a temp file inside the store, and a rename (atomic within one filesystem)
 * puts it in place, so a kill -9 at any instant leaves the old or the new record, never a mix. Directories known
 * to exist are cached so the hot path does no stat or mkdir.
 */
export class AtomicWriter {
  private readonly knownDirs = new Set<string>();

  constructor(private readonly tmpDir: string) {}

  /** A fresh path in the store's temp directory. */
  tempPath(): string {
    return join(this.tmpDir, uniqueName());
  }

  /** Record directories that exist (after initialize or resume) without touching the disk. */
  markKnown(dirs: Iterable<string>): void {
    for (const dir of dirs) this.knownDirs.add(dir);
  }

  /** Forget directories that were removed, e.g. a deleted job's. */
  forget(...dirs: string[]): void {
    for (const dir of dirs) this.knownDirs.delete(dir);
  }

  /** Forget every directory (after destroy). */
  forgetAll(): void {
    this.knownDirs.clear();
  }

  /** Create a directory (and parents) unless it is known to exist. */
  async ensureDir(dir: string): Promise<void> {
    if (this.knownDirs.has(dir)) return;
    await mkdir(dir, { recursive: true });
    this.knownDirs.add(dir);
  }

  /** Write data to a new temp file with the given mode and return its path. */
  async writeTemp(data: Uint8Array | string, mode: number): Promise<string> {
    const temp = this.tempPath();
    // Small data synchronously (see SYNC_WRITE_LIMIT); a string's length bounds its UTF-8 size from below only,
    // so count at 3 bytes per UTF-16 unit.
    const small = (typeof data === 'string' ? data.length * 3 : data.byteLength) <= SYNC_WRITE_LIMIT;
    await this.withTemp(
      temp,
      small ? async () => writeFileSync(temp, data, { mode }) : () => writeFile(temp, data, { mode }),
    );
    return temp;
  }

  /** Copy a local file to a new temp file (reflink when the filesystem can), set its mode, return its path. */
  async copyToTemp(source: string, mode: number): Promise<string> {
    const temp = this.tempPath();
    await this.withTemp(temp, async () => {
      // EXCL: the temp is new, and without it libuv truncates the file first, which on ext4 makes close() flush
      // it synchronously (auto_da_alloc): 170 ms instead of 95 ms for 256 MiB here, about what cp takes.
      await copyFile(source, temp, constants.COPYFILE_FICLONE | constants.COPYFILE_EXCL);
      await chmod(temp, mode);
    });
    return temp;
  }

  /**
   * Run `create` for a temp file. The temp directory is recreated if something removed it, but not recursively:
   * when the whole store is gone the write must fail rather than resurrect it. A failed write leaves no temp.
   */
  async withTemp(temp: string, create: () => Promise<void>): Promise<void> {
    try {
      await create();
    } catch (err) {
      await removeQuietly(temp);
      if (!isErrno(err, 'ENOENT')) throw err;
      await mkdir(this.tmpDir).catch((e: unknown) => {
        if (!isErrno(e, 'EEXIST')) throw err;
      });
      try {
        await create();
      } catch (again) {
        await removeQuietly(temp);
        throw again;
      }
    }
  }

  /**
   * Rename a finished temp file to `dest`. With `createDir`, a missing destination directory is created (it may
   * have been removed by another process while cached here); otherwise ENOENT is thrown for the caller to map.
   * The temp file never outlives a failure.
   */
  async publish(temp: string, dest: string, createDir: boolean): Promise<void> {
    try {
      // A rename is one metadata call: on the calling thread it saves the thread-pool round trip (every record
      // write of every job ends here).
      renameSync(temp, dest);
    } catch (err) {
      if (!createDir || !isErrno(err, 'ENOENT')) {
        await removeQuietly(temp);
        throw err;
      }
      const dir = dirname(dest);
      this.knownDirs.delete(dir);
      try {
        await this.ensureDir(dir);
        await rename(temp, dest);
      } catch (again) {
        await removeQuietly(temp);
        throw again;
      }
    }
  }

  /**
   * Atomically create `dest` with `data` unless it exists; false when it did. A hard link of a complete temp
   * file publishes it whole and fails with EEXIST when the name is taken (rename would replace it). Filesystems
   * without hard links fall back to an exclusive open, where a reader may briefly see a partial file.
   */
  async createExclusive(dest: string, data: Uint8Array | string, mode: number): Promise<boolean> {
    const temp = await this.writeTemp(data, mode);
    try {
      await link(temp, dest);
      return true;
    } catch (err) {
      if (isErrno(err, 'EEXIST')) return false;
      if (!isErrno(err, 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'EMLINK')) throw err;
      try {
        await writeFile(dest, data, { mode, flag: 'wx' });
        return true;
      } catch (fallback) {
        if (isErrno(fallback, 'EEXIST')) return false;
        throw fallback;
      }
    } finally {
      await unlink(temp).catch(() => undefined);
    }
  }

  /** Atomically create or replace `dest` with `data`. */
  async write(dest: string, data: Uint8Array | string, mode: number, createDir: boolean): Promise<void> {
    await this.publish(await this.writeTemp(data, mode), dest, createDir);
  }
}
