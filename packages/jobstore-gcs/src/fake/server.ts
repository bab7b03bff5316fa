import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { routeRequest, type FakeState } from './routes.js';
import { FakeError, type FakeBucket, type FakeGcsOptions } from './model.js';

export type { FakeGcsOptions } from './model.js';

/** One request the fake answered: method, path and query, and the status it gave. */
export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  status: number;
}

/**
 * An in-process HTTP fake of the Google Cloud Storage JSON API, only the requests @google-cloud/storage makes for
 * the job store and `gs://` URLs: buckets (create with labels, get, list, delete), objects (single-request
 * multipart upload, resumable upload in chunks, download with `Range` and `generation`, metadata, delete, list with
 * pages and prefixes, rewrite), `ifGenerationMatch` preconditions (412), customer-supplied key headers (checked and
 * required to read), bearer tokens (401/403), and an STS token endpoint at `/token` for `external_account`
 * credentials. Listens on 127.0.0.1 only.
 */
export class FakeGcsServer {
  /** The buckets, by name (tests may look inside). */
  readonly buckets = new Map<string, FakeBucket>();
  /** Every request answered, in order. */
  readonly requests: FakeRequest[] = [];
  private readonly server: Server;
  private failures: number[] = [];
  private state: FakeState;

  constructor(readonly options: FakeGcsOptions = {}) {
    this.state = { buckets: this.buckets, uploads: new Map(), generation: Date.now() * 1000, options };
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  /** Start listening on a free port of 127.0.0.1; resolves to the base URL (`TOIL_GCS_ENDPOINT`). */
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this.url;
  }

  /** The base URL, once started. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Stop, closing open connections. */
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Answer the next storage requests with these statuses (e.g. 503) before serving normally: retry tests. */
  failNext(...statuses: number[]): void {
    this.failures.push(...statuses);
  }

  /** A bucket that exists but belongs to another project: creating it is 409, reading it 403. */
  addForeignBucket(name: string): void {
    this.buckets.set(name, { name, project: 'someone-elses-project', objects: new Map() });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const body = await readBody(req);
    let status: number;
    try {
      // A resumable session's URI is its own authorization (GCS takes chunks without a token); all else needs one.
      if (url.pathname !== '/token' && !url.searchParams.has('upload_id')) this.authorize(req);
      const failure = url.pathname === '/token' ? undefined : this.failures.shift();
      if (failure !== undefined) throw new FakeError(failure, 'backendError', 'Injected failure.');
      const answer = routeRequest(this.state, req, url, body, this.url);
      status = answer.status;
      res.writeHead(answer.status, answer.headers ?? { 'content-type': 'application/json' });
      res.end(
        answer.body === undefined
          ? undefined
          : Buffer.isBuffer(answer.body)
            ? answer.body
            : JSON.stringify(answer.body),
      );
    } catch (err) {
      const e = err instanceof FakeError ? err : new FakeError(500, 'internalError', String(err));
      status = e.status;
      res.writeHead(e.status, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: { code: e.status, message: e.message, errors: [{ reason: e.reason, message: e.message }] },
        }),
      );
    }
    this.requests.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams, status });
  }

  /** Check the bearer token when the fake has tokens. */
  private authorize(req: IncomingMessage): void {
    const tokens = this.options.tokens;
    if (!tokens) return;
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (token !== undefined && this.options.forbiddenTokens?.includes(token)) {
      throw new FakeError(403, 'forbidden', 'The caller does not have storage permissions.');
    }
    if (token === undefined || !tokens.includes(token)) {
      throw new FakeError(401, 'authError', 'Invalid Credentials');
    }
  }
}

/** The whole request body. */
async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
