import { createServer } from 'node:http';
import { describe, expect, it, onTestFinished } from 'vitest';
import { closeServer, listen } from '@toil/core';
import { SnapshotFeed } from './feed.js';
import { startStatusServer } from './server.js';

/** A feed whose snapshot the test sets by hand, and a server for it. */
async function serve(): Promise<{ url: string; set(value: unknown): void }> {
  let value: unknown = { step: 1 };
  const feed = new SnapshotFeed(async () => value, () => {}, 20);
  await feed.start();
  const server = await startStatusServer(feed, 0);
  onTestFinished(async () => {
    feed.stop();
    await server.close();
  });
  return { url: server.url, set: (v) => (value = v) };
}

/** Read server-sent events from `url` until `count` `snapshot` events arrived; returns their data. */
async function readSnapshots(url: string, count: number, onFirst: () => void): Promise<unknown[]> {
  const response = await fetch(url);
  expect(response.headers.get('content-type')).toBe('text/event-stream');
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const data: unknown[] = [];
  let buffer = '';
  while (data.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (!event.startsWith('event: snapshot\n')) continue;
      data.push(JSON.parse(event.slice(event.indexOf('data: ') + 6)));
      if (data.length === 1) onFirst();
    }
  }
  await reader.cancel();
  return data;
}

describe('status server', () => {
  it('serves the page, the current snapshot, and every change as a server-sent event', async () => {
    const { url, set } = await serve();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(url);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).toContain('<title>Toil workflow status</title>');
    expect(html).toContain("new EventSource('/events')");
    expect(await (await fetch(`${url}snapshot.json`)).json()).toEqual({ step: 1 });
    const snapshots = await readSnapshots(`${url}events`, 2, () => set({ step: 2 }));
    expect(snapshots).toEqual([{ step: 1 }, { step: 2 }]);
    expect((await fetch(`${url}nothing`)).status).toBe(404);
  });

  it('refuses a port in use with a one-line error naming --port', async () => {
    const squatter = createServer();
    const port = await listen(squatter, 0, '--test', '127.0.0.1');
    onTestFinished(() => closeServer(squatter));
    const feed = new SnapshotFeed(async () => ({}), () => {});
    await expect(startStatusServer(feed, port)).rejects.toThrow(`Invalid --port ${port}: the port is in use by another program; choose another port, or 0 for a free one`);
  });
});
