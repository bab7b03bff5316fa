/**
 * The HTTP side of `toil status --serve`, on plain node:http: the page at `/`, its live updates as server-sent
 * events at `/events` (one `snapshot` event per change, the current one first), and `/snapshot.json`.
 * Listens on 127.0.0.1 only: the page shows job logs, which are not for the whole network. For the same reason it
 * answers only requests whose `Host` is a loopback name (see host-check.ts), with 403 otherwise.
 */
import { createServer, type ServerResponse } from 'node:http';
import { closeServer, listen } from '@toil/core/internal';
import type { SnapshotFeed } from './feed.js';
import { isLoopbackHost, refusalText } from './host-check.js';
import { STATUS_PAGE } from './page.js';

/** A comment line this often keeps proxies and idle timeouts from closing a quiet event stream. */
const KEEPALIVE_MS = 15_000;

/** A running status server. */
export interface StatusServer {
  /** `http://127.0.0.1:<port>/`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

function streamEvents(feed: SnapshotFeed, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  // JSON.stringify never emits a newline, so each snapshot fits one `data:` line.
  const send = (json: string) => res.write(`event: snapshot\ndata: ${json}\n\n`);
  res.write('retry: 2000\n\n');
  if (feed.latest !== undefined) send(feed.latest);
  const unsubscribe = feed.subscribe(send);
  const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
  res.on('close', () => {
    clearInterval(keepalive);
    unsubscribe();
  });
}

/**
 * Serve `feed` on `port` (0 = a free port) of 127.0.0.1, to requests for localhost or 127.0.0.1 only. A port in use
 * is a one-line error naming `--port`.
 */
export async function startStatusServer(feed: SnapshotFeed, port: number): Promise<StatusServer> {
  let url = '';
  const server = createServer((req, res) => {
    // Before anything else, so that no path answers a page that reached 127.0.0.1 by DNS rebinding.
    if (!isLoopbackHost(req.headers.host))
      return void res
        .writeHead(403, { 'content-type': 'text/plain', 'x-content-type-options': 'nosniff' })
        .end(refusalText(req.headers.host, url));
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') return void res.writeHead(405, { allow: 'GET' }).end();
    if (path === '/') return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(STATUS_PAGE);
    if (path === '/events') return streamEvents(feed, res);
    if (path === '/snapshot.json')
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(feed.latest ?? 'null');
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: the status page is at /\n');
  });
  const actual = await listen(server, port, '--port', '127.0.0.1');
  url = `http://127.0.0.1:${actual}/`;
  return { url, port: actual, close: () => closeServer(server) };
}
