import { constants } from 'node:fs';
import { copyFile, link, readdir, readFile, rename, stat, statfs, unlink, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { CacheFetchError } from './errors.js';
import { JobRecords } from './job-records.js';
import { CacheLayout } from './layout.js';
import { lock, sleep, tryLock, unlock } from './lock.js';
import { ownerAlive, ownerOfName, ownerToken, type OwnerToken } from './owner.js';

/** A cached file handed to a reader. */
export interface CacheHit {
  /** Path of the cached copy: read-only, shared by every job on the node; hard-link or copy it, never change it. */
  path: string;
  /** True when this call downloaded it (a miss), false when it was in the cache already. */
  fetched: boolean;
}

/** What `recover` removed: leftovers of processes that died. */
export interface RecoveryReport {
  /** Half-written downloads and job-record temp files. */
  tmp: number;
  /** Download and admission locks. */
  locks: number;
  /** Job records (their references to cached files). */
  jobs: number;
}

let serial = 0;

/**
 * The cache of one workflow on one node, shared by every worker process there. Its state is the file system
 * itself (see CacheLayout), changed only by atomic steps (exclusive create, rename, unlink), so any process may
 * be killed at any instant: a file is in `files/` whole or not at all, and a dead process's locks, records and
 * temp files are recognised by its owner token and removed. SQLite (better-sqlite3) would need a native build,
 * which a fresh Node-and-npm machine cannot be relied on to do; see the README.
 */
export class NodeCache {
  /** Running jobs' records. */
  readonly jobs: JobRecords;
  /** This process's token. */
  readonly owner: OwnerToken = ownerToken();
  /** What the recovery pass of `open` removed. */
  recovered: RecoveryReport = { tmp: 0, locks: 0, jobs: 0 };

  private constructor(
    /** Where the cache lives. */
    readonly layout: CacheLayout,
    /** Most bytes the cache may hold (`--maxDisk`); Infinity = what the file system has free. */
    readonly maxBytes: number,
  ) {
    this.jobs = new JobRecords(layout);
  }

  /** Open (creating if needed) a workflow's cache on this node and clean up after dead processes. */
  static async open(localWorkflowDir: string, workflowId: string, maxBytes: number): Promise<NodeCache> {
    const cache = new NodeCache(await CacheLayout.open(localWorkflowDir, workflowId), maxBytes);
    cache.recovered = await cache.recover();
    return cache;
  }

  /** Remove what dead processes left: temp files, locks, job records. Live processes' state is left alone. */
  async recover(): Promise<RecoveryReport> {
    const report: RecoveryReport = { tmp: 0, locks: 0, jobs: 0 };
    for (const name of await readdir(this.layout.dir('tmp'))) {
      const owner = ownerOfName(name);
      if (owner && ownerAlive(owner)) continue;
      await unlink(join(this.layout.dir('tmp'), name)).catch(() => undefined);
      report.tmp++;
    }
    for (const name of await readdir(this.layout.dir('locks'))) {
      const path = join(this.layout.dir('locks'), name);
      const holder = await readFile(path, 'utf8').catch(() => undefined);
      if (holder === undefined || ownerAlive(holder)) continue;
      // Only if it still names the dead holder: a live process may have taken it over since we read it.
      if ((await readFile(path, 'utf8').catch(() => undefined)) === holder) {
        await unlink(path).catch(() => undefined);
        report.locks++;
      }
    }
    const before = (await readdir(this.layout.dir('jobs'))).length;
    const live = await this.jobs.live();
    report.jobs = before - live.length;
    return report;
  }

  /** The cached copy of a file, if there is one (and mark it used, for LRU eviction). */
  async lookup(fileId: string): Promise<string | undefined> {
    const path = this.layout.entry(this.layout.key(fileId));
    const now = new Date();
    // utimes doubles as the existence check; the mtime is what eviction orders by.
    return utimes(path, now, now).then(
      () => path,
      () => undefined,
    );
  }

  /**
   * The cached copy of a job-store file, downloading it with `download(tmpPath)` when no process has; undefined
   * when it is not in the cache and the cache has no room for `size` bytes even after eviction. Of several
   * processes asking at once, one downloads and the others wait for its copy; if that one dies, another takes over.
   */
  async fetch(
    fileId: string,
    size: number,
    download: (tmpPath: string) => Promise<void>,
  ): Promise<CacheHit | undefined> {
    const key = this.layout.key(fileId);
    const lockPath = join(this.layout.dir('locks'), key);
    for (;;) {
      const cached = await this.lookup(fileId);
      if (cached) return { path: cached, fetched: false };
      if (!(await tryLock(lockPath, this.owner))) {
        await sleep(10);
        continue;
      }
      try {
        const again = await this.lookup(fileId);
        if (again) return { path: again, fetched: false };
        if (!(await this.makeRoom(size))) return undefined;
        const temp = this.tempPath();
        try {
          await download(temp);
          const got = (await stat(temp)).size;
          if (got !== size) throw new CacheFetchError(fileId, size, got);
          await rename(temp, this.layout.entry(key));
        } finally {
          await unlink(temp).catch(() => undefined);
        }
        return { path: this.layout.entry(key), fetched: true };
      } finally {
        await unlock(lockPath, this.owner);
      }
    }
  }

  /**
   * Put a local file (one a job wrote) in the cache under its new file ID: hard-linked when on the same file
   * system, else copied. Returns the cached path, or undefined when there is no room.
   */
  async admit(fileId: string, localPath: string, size: number): Promise<string | undefined> {
    if (!(await this.makeRoom(size))) return undefined;
    const temp = this.tempPath();
    try {
      await link(localPath, temp).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EXDEV' && error.code !== 'EPERM') throw error;
        await copyFile(localPath, temp, constants.COPYFILE_FICLONE);
      });
      const entry = this.layout.entry(this.layout.key(fileId));
      await rename(temp, entry);
      return entry;
    } finally {
      await unlink(temp).catch(() => undefined);
    }
  }

  /** Drop a file from the cache (it was deleted from the job store). Jobs' hard links keep their data. */
  async remove(fileId: string): Promise<void> {
    await unlink(this.layout.entry(this.layout.key(fileId))).catch(() => undefined);
  }

  /** Bytes the cached files take now, and each entry's size and last use. */
  async usage(): Promise<{ bytes: number; entries: { key: string; size: number; used: number }[] }> {
    const entries: { key: string; size: number; used: number }[] = [];
    for (const key of await readdir(this.layout.dir('files'))) {
      const info = await stat(this.layout.entry(key)).catch(() => undefined);
      if (info) entries.push({ key, size: info.size, used: info.mtimeMs });
    }
    return { bytes: entries.reduce((sum, e) => sum + e.size, 0), entries };
  }

  /**
   * Evict least recently used files that no running job uses until `bytes` more fit under the limit, less the disk
   * running jobs reserved and do not use yet; false when they cannot. One process decides at a time (the admission
   * lock), so two cannot both count the same free space.
   */
  async makeRoom(bytes: number): Promise<boolean> {
    const lockPath = join(this.layout.dir('locks'), 'admission');
    await lock(lockPath, this.owner);
    try {
      const { bytes: used, entries } = await this.usage();
      const { referenced: inUse, unusedReservations } = await this.jobs.holds();
      const limit = (await this.limit(used)) - unusedReservations;
      if (used + bytes <= limit) return true;
      if (bytes > limit) return false;
      let freed = 0;
      for (const entry of entries.filter((e) => !inUse.has(e.key)).sort((a, b) => a.used - b.used)) {
        await unlink(this.layout.entry(entry.key)).catch(() => undefined);
        freed += entry.size;
        if (used - freed + bytes <= limit) return true;
      }
      return false;
    } finally {
      await unlock(lockPath, this.owner);
    }
  }

  /** The most the cache may hold now: `--maxDisk`, or what it holds plus the file system's free space. */
  private async limit(used: number): Promise<number> {
    if (Number.isFinite(this.maxBytes)) return this.maxBytes;
    const fs = await statfs(this.layout.root);
    return used + fs.bavail * fs.bsize;
  }

  /** A fresh temp path named for this process, so a crash leaves a name `recover` can attribute. */
  tempPath(): string {
    return join(this.layout.dir('tmp'), `${this.owner}-${++serial}`);
  }

  /** A fresh name for a job record of this process. */
  jobRecordName(): string {
    return `${this.owner}-${++serial}`;
  }
}
