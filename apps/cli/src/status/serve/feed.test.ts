import { describe, expect, it } from 'vitest';
import { SnapshotFeed } from './feed.js';

describe('SnapshotFeed', () => {
  it('takes a first look on start, then pushes only changed snapshots to subscribers', async () => {
    const values = [{ n: 1 }, { n: 1 }, { n: 2 }];
    let reads = 0;
    const feed = new SnapshotFeed(
      async () => values[Math.min(reads++, values.length - 1)],
      () => {},
      20,
    );
    await feed.start();
    expect(feed.latest).toBe('{"n":1}');
    const pushed: string[] = [];
    feed.subscribe((json) => pushed.push(json));
    await expect.poll(() => pushed, { timeout: 2000 }).toEqual(['{"n":2}']);
    feed.stop();
    const readsAtStop = reads;
    await new Promise((r) => setTimeout(r, 80));
    expect(reads).toBe(readsAtStop);
  });

  it('reports a failed look and keeps the last good snapshot', async () => {
    const errors: unknown[] = [];
    let reads = 0;
    const feed = new SnapshotFeed(
      async () => {
        if (reads++ === 1) throw new Error('store busy');
        return { reads };
      },
      (e) => errors.push(e),
      20,
    );
    await feed.start();
    await expect.poll(() => errors.length, { timeout: 2000 }).toBe(1);
    expect(String(errors[0])).toContain('store busy');
    await expect.poll(() => feed.latest, { timeout: 2000 }).toBe('{"reads":3}');
    feed.stop();
  });
});
