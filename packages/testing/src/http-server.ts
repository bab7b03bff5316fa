import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local HTTP server for import/export tests, listening on 127.0.0.1. */
export interface TestHttpServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** Bodies served for GET, by path (e.g. `/data.bin`); other paths answer 404. */
  readonly files: Map<string, Buffer>;
  /** Bodies received by PUT, by path. */
  readonly uploads: Map<string, Buffer>;
  /** Make the next `times` requests for `path` answer `status` (to test retries). */
  failNext(path: string, status: number, times: number): void;
  /** Number of requests seen per path. */
  readonly hits: Map<string, number>;
  close(): Promise<void>;
}

async function body(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Start a TestHttpServer on a free port. */
export async function startTestHttpServer(): Promise<TestHttpServer> {
  const files = new Map<string, Buffer>();
  const uploads = new Map<string, Buffer>();
  const hits = new Map<string, number>();
  const failures = new Map<string, { status: number; times: number }>();
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const failure = failures.get(path);
    if (failure && failure.times > 0) {
      failure.times--;
      response.writeHead(failure.status).end('failing on purpose');
      return;
    }
    if (request.method === 'PUT') {
      body(request).then(
        (data) => {
          uploads.set(path, data);
          response.writeHead(201).end();
        },
        () => response.writeHead(500).end(),
      );
      return;
    }
    const data = files.get(path);
    if (request.method !== 'GET' || data === undefined) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-length': data.length, 'content-type': 'application/octet-stream' }).end(data);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    files,
    uploads,
    hits,
    failNext(path, status, times) {
      failures.set(path, { status, times });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
