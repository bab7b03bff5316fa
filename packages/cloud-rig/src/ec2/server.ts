import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HostManager } from '../hosts/host-manager.js';
import { ACTIONS } from './actions.js';
import { Ec2ApiError } from './errors.js';
import { terminate } from './instances.js';
import { parseQuery, str } from './query.js';
import type { FakeCloudState } from './state.js';
import { errorXml, responseXml } from './xml.js';

/** How to run the fake. */
export interface Ec2FakeOptions {
  /** The rig whose hosts become the instances. */
  hosts: HostManager;
  /** Address to listen on: the rig's bridge address lets cluster hosts reach it too. Default 127.0.0.1. */
  listenHost?: string;
  /** Port; 0 (default) picks a free one. */
  port?: number;
  /** The access key ID requests must be signed with (any other is `AuthFailure`). */
  accessKeyId: string;
  /** Called with one line per request (action, outcome), for the rig's log. */
  log?: (line: string) => void;
}

/**
 * A fake EC2 endpoint at the HTTP level of the real Query API, so `@aws-sdk/client-ec2` talks to it unchanged
 * (set `endpoint`). Each instance it starts is a real rig host; terminating it destroys the host. Requests must
 * carry a SigV4 Authorization header for the configured access key ID (the signature itself is not checked: the
 * fake proves what the SDK sends, not AWS's cryptography).
 */
export class Ec2Fake {
  /** Everything the fake holds (tests may look, e.g. at an instance's root volume size). */
  readonly state: FakeCloudState = { instances: new Map(), securityGroups: new Map(), keyPairs: new Map() };
  private server?: Server;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly options: Ec2FakeOptions) {}

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
    if (!address) throw new Error('the EC2 fake is not started');
    return `http://${address.address}:${address.port}`;
  }

  /** Wait until every host creation and removal started so far has finished. */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Reclaim a spot instance as EC2 does when the price rises over its bid: its host is destroyed. */
  interruptSpot(instanceId: string): void {
    const instance = this.state.instances.get(instanceId);
    if (!instance) throw new Error(`no instance ${instanceId}`);
    terminate({ hosts: this.options.hosts, track: (w) => this.track(w) }, instance, {
      code: 'Server.SpotInstanceTermination',
      message: 'Server.SpotInstanceTermination: Spot instance termination',
    });
  }

  /** Stop serving and terminate every instance still up (their hosts are destroyed). */
  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    await this.settle();
    for (const instance of this.state.instances.values()) {
      terminate({ hosts: this.options.hosts, track: (w) => this.track(w) }, instance);
    }
    await this.settle();
  }

  private track(work: Promise<unknown>): void {
    const p = work.finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  private region(req: IncomingMessage): string {
    const auth = req.headers.authorization ?? '';
    const scope = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/ec2\/aws4_request/.exec(auth);
    if (!scope)
      throw new Ec2ApiError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401);
    if (scope[1] !== this.options.accessKeyId) {
      throw new Ec2ApiError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401);
    }
    return scope[2]!;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let action = '?';
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const params = parseQuery(Buffer.concat(chunks).toString('utf8'));
      action = str(params, 'Action') ?? '?';
      const region = this.region(req);
      const handler = ACTIONS[action];
      if (!handler) throw new Ec2ApiError('InvalidAction', `The action ${action} is not valid for this web service.`);
      const body = await handler({
        state: this.state,
        hosts: this.options.hosts,
        region,
        params,
        track: (w) => this.track(w),
      });
      res.writeHead(200, { 'content-type': 'text/xml;charset=UTF-8' }).end(responseXml(action, body));
      this.options.log?.(`${action} ok`);
    } catch (error) {
      const e =
        error instanceof Ec2ApiError
          ? error
          : new Ec2ApiError('InternalError', `fake EC2 failed: ${String(error)}`, 500);
      res.writeHead(e.status, { 'content-type': 'text/xml;charset=UTF-8' }).end(errorXml(e.code, e.message));
      this.options.log?.(`${action} ${e.code}: ${e.message}`);
    }
  }
}
