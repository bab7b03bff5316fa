import { readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CacheLayout } from './layout.js';
import { ownerAlive, ownerOfName } from './owner.js';

/** What one running job holds in the node cache. */
export interface JobRecord {
  /** The job's disk requirement in bytes. */
  disk: number;
  /** Keys of the cached files the job uses (read or wrote), with their sizes: eviction keeps these. */
  refs: Record<string, number>;
  /** Bytes of private copies (mutable reads, reads the cache had no room for): count against the job's disk. */
  privateBytes: number;
}

/**
 * One file per running job, written only by its own process (temp + rename, so readers see a whole record).
 * Others read them to know which cached files are in use; a record whose process died is stale and is deleted by
 * whoever finds it, which is what releases a crashed job's references.
 */
export class JobRecords {
  constructor(private readonly layout: CacheLayout) {}

  /** Write (or replace) a job's record. */
  async write(name: string, record: JobRecord): Promise<void> {
    const path = join(this.layout.dir('jobs'), `${name}.json`);
    const temp = join(this.layout.dir('tmp'), `${name}.job`);
    await writeFile(temp, JSON.stringify(record), { mode: 0o600 });
    await rename(temp, path);
  }

  /** Remove a job's record (the job ended). */
  async remove(name: string): Promise<void> {
    await unlink(join(this.layout.dir('jobs'), `${name}.json`)).catch(() => undefined);
  }

  /** The records of live jobs; records of dead processes are deleted on the way. */
  async live(): Promise<JobRecord[]> {
    const records: JobRecord[] = [];
    for (const name of await readdir(this.layout.dir('jobs'))) {
      const path = join(this.layout.dir('jobs'), name);
      const owner = ownerOfName(name);
      if (!owner || !ownerAlive(owner)) {
        await unlink(path).catch(() => undefined);
        continue;
      }
      const text = await readFile(path, 'utf8').catch(() => undefined);
      if (text !== undefined) records.push(JSON.parse(text) as JobRecord);
    }
    return records;
  }

  /**
   * What live jobs hold: the keys some job uses (eviction keeps them), and the disk they reserved but do not use yet
   * (each job's requirement less its cached files and private copies), which the cache must leave free, as in Toil.
   */
  async holds(): Promise<{ referenced: Set<string>; unusedReservations: number }> {
    const referenced = new Set<string>();
    let unusedReservations = 0;
    for (const record of await this.live()) {
      for (const key of Object.keys(record.refs)) referenced.add(key);
      unusedReservations += Math.max(0, record.disk - recordUsage(record));
    }
    return { referenced, unusedReservations };
  }
}

/** Bytes a job uses through the file store: the cached files it holds and its private copies. */
export function recordUsage(record: JobRecord): number {
  return Object.values(record.refs).reduce((a, b) => a + b, 0) + record.privateBytes;
}
