import { accessSync, renameSync, unlinkSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DamagedJobStoreError, InvalidValueError, NoSuchJobError } from '@toil/core';
import { parseJobDescription, type JobDescription } from '@toil/core/backend';
import { isErrno, readSmallFile, removeFlatDir, type AtomicWriter } from './atomic.js';
import { Layout } from './layout.js';

/** Errors that mean "no such job": the file, or a directory on its path, is missing. */
const MISSING = ['ENOENT', 'ENOTDIR'];

/** Job descriptions: one JSON file per job, replaced by rename. */
export class JobRecords {
  constructor(
    private readonly layout: Layout,
    private readonly writer: AtomicWriter,
  ) {}

  /** Write a new description. */
  async create(job: JobDescription): Promise<void> {
    if (!Layout.isJobId(job.id)) throw new InvalidValueError('job ID', job.id, 'use an ID returned by assignId()');
    const shard = this.layout.jobShard(job.id);
    await this.writer.ensureDir(shard);
    await this.writer.write(join(shard, `${job.id}.json`), JSON.stringify(job), 0o644, true);
  }

  /**
   * Replace a description. A deleted job stays deleted (the check and the rename are not one atomic step, but
   * only the leader deletes jobs, and it does not update a job while deleting it).
   */
  async update(job: JobDescription): Promise<void> {
    if (!(await this.exists(job.id))) throw new NoSuchJobError(job.id);
    await this.writer.write(this.layout.jobFile(job.id), JSON.stringify(job), 0o644, true);
  }

  /**
   * Load a description, or undefined when there is none. A record that is not a valid description (truncated,
   * garbled, fields missing) is DamagedJobStoreError naming its file: acting on it could lose the job's subtree.
   */
  async tryLoad(id: string): Promise<JobDescription | undefined> {
    if (!Layout.isJobId(id)) return undefined;
    const path = this.layout.jobFile(id);
    let text: string;
    try {
      text = (await readSmallFile(path)).toString('utf8');
    } catch (err) {
      if (isErrno(err, ...MISSING)) return undefined;
      throw err;
    }
    let parsed = parseJobDescription(text, id);
    if (!parsed.ok) {
      // Records are replaced only by rename, so a bad record read the quick way may be a short read on an
      // exotic filesystem: read again the thorough way before calling the record damaged.
      const again = await readFile(path, 'utf8').catch((err: unknown) => {
        if (isErrno(err, ...MISSING)) return undefined;
        throw err;
      });
      if (again === undefined) return undefined;
      parsed = parseJobDescription(again, id);
      if (!parsed.ok)
        throw new DamagedJobStoreError(`file:${this.layout.root}`, `the job record ${path}`, parsed.problem);
    }
    return parsed.job;
  }

  /**
   * Whether a description exists. Checked on the calling thread, as the other per-job metadata calls here (see
   * SYNC_WRITE_LIMIT in atomic.ts): one access() is microseconds, a thread-pool round trip costs more than it.
   */
  async exists(id: string): Promise<boolean> {
    if (!Layout.isJobId(id)) return false;
    try {
      accessSync(this.layout.jobFile(id));
      return true;
    } catch (err) {
      if (isErrno(err, ...MISSING)) return false;
      throw err;
    }
  }

  /**
   * Delete a job, then its owned files. Unlinking the description is the atomic step; the owned files go after
   * it (their directory renamed into tmp/, then removed), so a crash can leave unreachable files behind but
   * never a job without its files. Runs for IDs without a description too: files may be owned by an ID whose
   * job was never created.
   */
  async delete(id: string): Promise<void> {
    if (!Layout.isJobId(id)) return;
    try {
      unlinkSync(this.layout.jobFile(id));
    } catch (err) {
      if (!isErrno(err, ...MISSING)) throw err;
    }
    const filesDir = this.layout.ownedFilesDir(id);
    this.writer.forget(filesDir);
    const grave = this.writer.tempPath();
    try {
      renameSync(filesDir, grave);
    } catch (err) {
      if (isErrno(err, ...MISSING)) return;
      throw err;
    }
    await removeFlatDir(grave);
  }

  /** Every job description; jobs deleted while listing are skipped. */
  async *list(): AsyncGenerator<JobDescription> {
    for (const shard of await readdirIfExists(this.layout.jobs)) {
      const names = await readdirIfExists(join(this.layout.jobs, shard));
      const ids = names.filter((name) => name.endsWith('.json')).map((name) => name.slice(0, -'.json'.length));
      // Read one shard's descriptions concurrently: a shard holds few jobs, and the reads dominate.
      const jobs = await Promise.all(ids.map((id) => this.tryLoad(id)));
      for (const job of jobs) if (job) yield job;
    }
  }
}

async function readdirIfExists(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    if (isErrno(err, ...MISSING)) return [];
    throw err;
  }
}
