import { MalformedStatsBlobError } from '@toil/core';
import { Keys, statsName } from './keys.js';
import type { ObjectStoreClient } from './object-store.js';

/**
 * The stats-and-logging channel: each blob one object under `stats/new/`, moved to `stats/read/` once passed on
 * (copy, then delete: a crash in between passes it again, as Toil allows), or to `stats/bad/` when malformed.
 */
export class S3Stats {
  constructor(private readonly s3: () => Promise<ObjectStoreClient>) {}

  async write(blob: string): Promise<void> {
    await (await this.s3()).put(Keys.stats('new', statsName()), Buffer.from(blob, 'utf8'));
  }

  async read(callback: (blob: string) => void | Promise<void>, readAll: boolean): Promise<number> {
    const s3 = await this.s3();
    let count = 0;
    if (readAll) {
      // Read ones first: they are older.
      for await (const key of s3.list(Keys.stats('read'))) {
        const found = await s3.get(key);
        if (!found) continue;
        await callback(found.body.toString('utf8'));
        count++;
      }
    }
    for await (const key of s3.list(Keys.stats('new'))) {
      const found = await s3.get(key);
      if (!found) continue; // another reader took it
      const name = key.slice(Keys.stats('new').length);
      let state: 'read' | 'bad' = 'read';
      try {
        await callback(found.body.toString('utf8'));
      } catch (error) {
        // A malformed blob is set aside so that it cannot block the ones after it; any other error leaves it new.
        if (!MalformedStatsBlobError.is(error)) throw error;
        state = 'bad';
      }
      count++;
      if (await s3.copy(key, Keys.stats(state, name))) await s3.delete(key);
    }
    return count;
  }
}
