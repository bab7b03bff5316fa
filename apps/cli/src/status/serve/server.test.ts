import { createServer, request } from 'node:http';
import { describe, expect, it, onTestFinished } from 'vitest';
import { closeServer, listen } from '@toil/core/internal';
import { SnapshotFeed } from './feed.js';
import { startStatusServer } from './server.js';

/** A feed whose snapshot the test sets by hand, and a server for it. */
async function serve(): Promise<{ url: string; set(value: unknown): void }> {
  let value: unknown = { step: 1 };
  const feed = new SnapshotFeed(
    async () => value,
    () => {},
    20,
  );
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

/** A GET with a chosen Host header (fetch always sends the URL's own), as a browser tricked by DNS rebinding would. */
function rawGet(port: number, path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      // The event stream never ends: its first bytes are enough to tell it was served.
      if (res.headers['content-type'] === 'text/event-stream')
        return void (res.destroy(), resolve({ status: res.statusCode!, body: '' }));
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
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

  it('answers only requests whose Host is a loopback name, so that DNS rebinding cannot read the page', async () => {
    const { url } = await serve();
    const port = Number(new URL(url).port);
    for (const path of ['/', '/snapshot.json', '/events', '/nothing']) {
      const refused = await rawGet(port, path, 'evil.example');
      expect(refused.status, path).toBe(403);
      expect(refused.body).toBe(
        `Forbidden: this status page answers requests for localhost or 127.0.0.1 only, not for "evil.example". Open ${url} instead.\n`,
      );
    }
    expect((await rawGet(port, '/snapshot.json', `evil.example:${port}`)).status).toBe(403);
    const legitimate = await rawGet(port, '/snapshot.json', `127.0.0.1:${port}`);
    expect(legitimate).toEqual({ status: 200, body: '{"step":1}' });
    expect(await rawGet(port, '/snapshot.json', `localhost:${port}`)).toEqual({ status: 200, body: '{"step":1}' });
  });

  it('refuses a port in use with a one-line error naming --port', async () => {
    const squatter = createServer();
    const port = await listen(squatter, 0, '--test', '127.0.0.1');
    onTestFinished(() => closeServer(squatter));
    const feed = new SnapshotFeed(
      async () => ({}),
      () => {},
    );
    await expect(startStatusServer(feed, port)).rejects.toThrow(
      `Invalid --port ${port}: the port is in use by another program; choose another port, or 0 for a free one`,
    );
  });
});
