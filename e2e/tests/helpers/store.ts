/** Look at a job store from the outside: byte-level snapshots, and its jobs through the JobStore API. */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { JobDescription, JobStore } from '@toil/core/backend';
import { openJobStore } from '@toil/core/internal';

/**
 * Every file under `dir` with a hash of its contents, or undefined when `dir` does not exist. Two equal
 * snapshots mean nothing in the job store was written, added or removed.
 */
export async function snapshot(dir: string): Promise<Record<string, string> | undefined> {
  if (!existsSync(dir)) return undefined;
  const out: Record<string, string> = {};
  const walk = async (d: string): Promise<void> => {
    for (const entry of await readdir(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) await walk(path);
      else
        out[relative(dir, path)] = createHash('sha256')
          .update(await readFile(path))
          .digest('hex');
    }
  };
  await walk(dir);
  return out;
}

/** Open an existing job store (no initialize, no resume) to inspect it. */
export async function openStore(locator: string): Promise<JobStore> {
  return (await openJobStore(locator)).store;
}

/** Every job description in a job store. */
export async function listJobs(locator: string): Promise<JobDescription[]> {
  const store = await openStore(locator);
  const jobs: JobDescription[] = [];
  for await (const job of store.jobs()) jobs.push(job);
  return jobs;
}
