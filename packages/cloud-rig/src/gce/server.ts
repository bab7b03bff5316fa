import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HostManager } from '../hosts/host-manager.js';
import { GceApiError, notFound } from './errors.js';
import { preemptInstance } from './preempt.js';
import { takeDown } from './instances.js';
import { matchRoute } from './routes.js';
import type { GceState } from './state.js';

/** How to run the fake. */
export interface GceFakeOptions {
  /** The rig whose hosts become the instances. */
  hosts: HostManager;
  /** Address to listen on: the rig's bridge address lets cluster hosts reach it too. Default 127.0.0.1. */
  listenHost?: string;
  /** Port; 0 (default) picks a free one. */
  port?: number;
  /** The one project the fake serves; any other is GCE's 404 for that project. */
  project: string;
  /** The bearer token (or API key) requests must carry; anything else is GCE's 401. */
  token: string;
  /** Called with one line per request (method, path, outcome), for the rig's log. */
  log?: (line: string) => void;
}

const PREFIX = '/compute/v1/projects/';

/**
 * A fake Compute Engine endpoint at the HTTP level of the REST API (`/compute/v1/projects/...`, JSON bodies,
 * operations, GCE's error JSON), so `@google-cloud/compute` in REST mode talks to it unchanged (`apiEndpoint`,
 * `port`, `protocol: 'http'`). Each instance is a real rig host: its `startup-script` metadata runs as its boot
 * and the `ssh-keys` metadata is installed for root in its sshd; deleting the instance destroys the host.
 */
export class GceFake {
  /** Everything the fake holds (tests may look, e.g. at an instance's labels or disk size). */
  readonly state: GceState = { instances: new Map(), firewalls: new Map(), operations: new Map() };
  private server?: Server;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly options: GceFakeOptions) {}

  /** Start listening; resolves with the endpoint URL (`http://10.77.0.1:port`). */
  async start(): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, this.options.listenHost ?? '127.0.0.1', resolve);
    });
    return this.endpoint;
  }

  /** The endpoint URL once started. */
  get endpoint(): string {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) throw new Error('the GCE fake is not started');
    return `http://${address.address}:${address.port}`;
  }

  /** Wait until every host creation and removal started so far has finished. */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /**
   * Preempt a preemptible or spot instance as GCE does: its host goes down, and it is TERMINATED ("Instance was
   * preempted.") or, for a spot instance whose termination action is DELETE, gone. Resolves when that is done.
   */
  async preempt(name: string): Promise<void> {
    const instance = [...this.state.instances.values()].find((i) => i.name === name);
    if (!instance) throw new Error(`no instance named ${name}`);
    const ctx = {
      state: this.state,
      hosts: this.options.hosts,
      project: this.options.project,
      path: {},
      query: new URLSearchParams(),
      body: {},
      track: (w: Promise<unknown>) => this.track(w),
    };
    await preemptInstance(ctx, instance).done;
  }

  /** Make the next `count` inserted instances fail their boot (exit 1 instead of their startup script). */
  failNextBoots(count = 1): void {
    this.state.failBoots = (this.state.failBoots ?? 0) + count;
  }

  /** Stop serving and delete every instance still there (their hosts are destroyed). */
  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections();
    await this.settle();
    for (const instance of [...this.state.instances.values()])
      this.track(takeDown({ state: this.state, hosts: this.options.hosts }, instance, true));
    await this.settle();
  }

  private track(work: Promise<unknown>): void {
    const p = work.catch(() => undefined).finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  /** The token as the SDK sends it: `Authorization: Bearer` (an `authClient`) or `X-Goog-Api-Key` (`apiKey`). */
  private authenticate(req: IncomingMessage): void {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const apiKey = req.headers['x-goog-api-key'];
    if (bearer === this.options.token || apiKey === this.options.token) return;
    throw new GceApiError(
      401,
      bearer || apiKey ? 'authError' : 'required',
      bearer || apiKey
        ? 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.'
        : 'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const line = `${req.method} ${url.pathname}`;
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      this.authenticate(req);
      if (!url.pathname.startsWith(PREFIX)) throw notFound(url.pathname);
      const [project = '', ...rest] = url.pathname.slice(PREFIX.length).split('/');
      if (project !== this.options.project) throw notFound(`projects/${project}`);
      const route = matchRoute(req.method ?? 'GET', rest.join('/'));
      if (!route) throw notFound(`projects/${project}/${rest.join('/')}`);
      const text = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown> = {};
      try {
        body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      } catch {
        throw new GceApiError(400, 'parseError', 'Parse Error');
      }
      const out = await route.handler({
        state: this.state,
        hosts: this.options.hosts,
        project,
        path: route.path,
        query: url.searchParams,
        body,
        track: (w) => this.track(w),
      });
      res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' }).end(JSON.stringify(out));
      this.options.log?.(`${line} ok`);
    } catch (error) {
      const e =
        error instanceof GceApiError
          ? error
          : new GceApiError(500, 'backendError', `fake GCE failed: ${String(error)}`);
      res.writeHead(e.status, { 'content-type': 'application/json; charset=UTF-8' }).end(JSON.stringify(e.toJson()));
      this.options.log?.(`${line} ${e.status} ${e.reason}: ${e.message}`);
    }
  }
}
