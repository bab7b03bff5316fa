import { MalformedStatsBlobError } from '@toil/core';
import { Keys, statsName } from './keys.js';
import type { ObjectStoreClient } from './object-store.js';

/**
 * The stats-and-logging channel: each blob one object under `stats/new/`, moved to `stats/read/` once passed on
 * (copy, then delete: a crash in between passes it again, as Toil allows), or to `stats/bad/` when malformed.
 */
export class ObjectStats {
  constructor(private readonly objects: () => Promise<ObjectStoreClient>) {}

  async write(blob: string): Promise<void> {
    await (await this.objects()).put(Keys.stats('new', statsName()), Buffer.from(blob, 'utf8'));
  }

  async read(callback: (blob: string) => void | Promise<void>, readAll: boolean): Promise<number> {
    const store = await this.objects();
    let count = 0;
    if (readAll) {
      // Read ones first: they are older.
      for await (const key of store.list(Keys.stats('read'))) {
        const found = await store.get(key);
        if (!found) continue;
        await callback(found.body.toString('utf8'));
        count++;
      }
    }
    for await (const key of store.list(Keys.stats('new'))) {
      const found = await store.get(key);
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
      if (await store.copy(key, Keys.stats(state, name))) await store.delete(key);
    }
    return count;
  }
}
