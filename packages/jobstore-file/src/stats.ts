import { mkdir, readFile, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { MalformedStatsBlobError } from '@toil/core';
import { isErrno, uniqueName, type AtomicWriter } from './atomic.js';
import type { Layout } from './layout.js';

/**
 * The stats-and-logging channel: each blob is its own file in stats/, moved to stats/read/ once passed to a
 * reader, or to stats/bad/ when the reader rejected it as malformed (kept for a human, never passed again).
 * Names start with the time so a sorted listing is roughly the order of writing.
 */
export class StatsChannel {
  /** Created on the first rejected blob: stores made before it existed have no such directory. */
  private readonly bad: string;

  constructor(
    private readonly layout: Layout,
    private readonly writer: AtomicWriter,
  ) {
    this.bad = join(layout.stats, 'bad');
  }

  async write(blob: string): Promise<void> {
    const name = `${Date.now().toString().padStart(15, '0')}-${uniqueName()}`;
    await this.writer.write(join(this.layout.stats, name), blob, 0o644, true);
  }

  /**
   * Pass unread blobs (and, with `readAll`, those read before) to `callback`, then mark them read. A blob is marked
   * only after its callback returned, so a crash delivers it again rather than losing it. A callback that throws
   * MalformedStatsBlobError has its blob moved to stats/bad/ and the reading goes on; any other error stops the
   * reading with the blob left unread.
   */
  async read(callback: (blob: string) => void | Promise<void>, readAll: boolean): Promise<number> {
    // List read/ before moving anything into it, so a blob is never passed twice in one call.
    const before = readAll ? await listBlobs(this.layout.statsRead) : [];
    const unread = await listBlobs(this.layout.stats);
    let count = 0;
    for (const name of before) {
      const path = join(this.layout.statsRead, name);
      const blob = await readIfExists(path);
      if (blob === undefined) continue;
      count++;
      if (!(await this.rejected(callback, blob))) continue;
      await this.moveIfThere(path, this.bad, name);
    }
    for (const name of unread) {
      const path = join(this.layout.stats, name);
      // Another reader may have taken it since the listing.
      const blob = await readIfExists(path);
      if (blob === undefined) continue;
      count++;
      const bad = await this.rejected(callback, blob);
      await this.moveIfThere(path, bad ? this.bad : this.layout.statsRead, name);
    }
    return count;
  }

  /** Run the callback: true when it rejected the blob as malformed. */
  private async rejected(callback: (blob: string) => void | Promise<void>, blob: string): Promise<boolean> {
    try {
      await callback(blob);
      return false;
    } catch (err) {
      if (MalformedStatsBlobError.is(err)) return true;
      throw err;
    }
  }

  private async moveIfThere(from: string, dir: string, name: string): Promise<void> {
    if (dir === this.bad) await mkdir(dir, { recursive: true });
    await rename(from, join(dir, name)).catch((err: unknown) => {
      // Another reader may have moved it meanwhile.
      if (!isErrno(err, 'ENOENT')) throw err;
    });
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
