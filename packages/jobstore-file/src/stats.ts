import { readFile, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { isErrno, uniqueName, type AtomicWriter } from './atomic.js';
import type { Layout } from './layout.js';

/**
 * The stats-and-logging channel: each blob is its own file in stats/, moved to stats/read/ once passed to a
 * reader. Names start with the time so a sorted listing is roughly the order of writing.
 */
export class StatsChannel {
  constructor(
    private readonly layout: Layout,
    private readonly writer: AtomicWriter,
  ) {}

  async write(blob: string): Promise<void> {
    const name = `${Date.now().toString().padStart(15, '0')}-${uniqueName()}`;
    await this.writer.write(join(this.layout.stats, name), blob, 0o644, true);
  }

  /**
   * Pass unread blobs (and, with `readAll`, those read before) to `callback`, then mark them read. A blob is marked
   * only after its callback returned, so a crash delivers it again rather than losing it.
   */
  async read(callback: (blob: string) => void | Promise<void>, readAll: boolean): Promise<number> {
    // List read/ before moving anything into it, so a blob is never passed twice in one call.
    const before = readAll ? await listBlobs(this.layout.statsRead) : [];
    const unread = await listBlobs(this.layout.stats);
    let count = 0;
    for (const name of before) {
      const blob = await readIfExists(join(this.layout.statsRead, name));
      if (blob === undefined) continue;
      await callback(blob);
      count++;
    }
    for (const name of unread) {
      const path = join(this.layout.stats, name);
      // Another reader may have taken it since the listing.
      const blob = await readIfExists(path);
      if (blob === undefined) continue;
      await callback(blob);
      count++;
      await rename(path, join(this.layout.statsRead, name)).catch((err: unknown) => {
        if (!isErrno(err, 'ENOENT')) throw err;
      });
    }
    return count;
  }
}

async function listBlobs(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name)
      .sort();
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return [];
    throw err;
  }
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return undefined;
    throw err;
  }
}
