import type * as ComputeSdk from '@google-cloud/compute';
import { GceOptionError, GceRequestError } from './errors.js';
import type { GceSettings } from './settings.js';

/** The SDK module, loaded on the first request so that listing plugins or `--help` never loads it. */
type Sdk = typeof ComputeSdk;
let sdkPromise: Promise<Sdk> | undefined;

/** The fields of a failure the provisioner reads: a GoogleError (gRPC `code`) or a GaxiosError (HTTP `status`). */
interface SdkError {
  code?: number | string;
  status?: number;
  response?: { status?: number };
  message?: string;
}

/** HTTP statuses the provisioner tells apart. */
export const NOT_FOUND = 404;
/** gRPC codes of GoogleError, by the HTTP status GCE answered with. */
const GRPC_TO_HTTP: Record<number, number> = { 5: 404, 6: 409, 7: 403, 16: 401 };

/**
 * The HTTP status and GCE's own message of a failure. With an `authClient` the transport (gaxios) rejects a non-2xx
 * answer itself, its message being GCE's error JSON; through GoogleAuth the SDK decodes it into a GoogleError.
 */
function describeFailure(error: unknown): { status?: number; message: string } {
  const e = error as SdkError;
  const raw = e.message ?? String(error);
  let message = raw.split('\n')[0]!.replace(/^\d+ \w+: /, '');
  try {
    message = (JSON.parse(raw) as { error: { message: string } }).error.message;
  } catch {
    // not GCE's JSON: the first line as it is
  }
  const status =
    e.response?.status ??
    (typeof e.status === 'number' ? e.status : undefined) ??
    (typeof e.code === 'number' ? GRPC_TO_HTTP[e.code] : undefined);
  return { status, message };
}

/** Turn an SDK failure into a one-line ToilError: missing or refused credentials say how to give them. */
export function mapGceError(action: string, error: unknown): Error {
  const { status, message } = describeFailure(error);
  if (/Could not load the default credentials|Unable to detect a Project Id/i.test(message)) {
    return new GceOptionError(
      'NO_GCE_CREDENTIALS',
      'No Google credentials found: set GOOGLE_APPLICATION_CREDENTIALS to a service account key file (or run gcloud auth application-default login), or TOIL_GCE_ACCESS_TOKEN.',
    );
  }
  if (status === 401 || status === 403) {
    return new GceOptionError(
      'GCE_CREDENTIALS_REFUSED',
      `Compute Engine refused the credentials (${message}): check GOOGLE_APPLICATION_CREDENTIALS or TOIL_GCE_ACCESS_TOKEN and the account's roles (compute.instanceAdmin.v1).`,
    );
  }
  return new GceRequestError(action, status, message, { cause: error });
}

/** The HTTP status of a mapped failure, if any. */
export function codeOf(error: unknown): number | undefined {
  return error instanceof GceRequestError ? error.httpStatus : undefined;
}

/** The SDK's clients the provisioner uses, by name. */
interface Clients {
  instances: ComputeSdk.InstancesClient;
  firewalls: ComputeSdk.FirewallsClient;
  zones: ComputeSdk.ZonesClient;
  machineTypes: ComputeSdk.MachineTypesClient;
  zoneOperations: ComputeSdk.ZoneOperationsClient;
  globalOperations: ComputeSdk.GlobalOperationsClient;
}
/** A client's name. */
export type ClientKind = keyof Clients;

const CLASS_NAMES = {
  instances: 'InstancesClient',
  firewalls: 'FirewallsClient',
  zones: 'ZonesClient',
  machineTypes: 'MachineTypesClient',
  zoneOperations: 'ZoneOperationsClient',
  globalOperations: 'GlobalOperationsClient',
} as const;

/**
 * One project's Compute Engine clients, each created on its first use (a client costs a hash of Compute's whole
 * proto set and its own stub, seconds on a loaded machine): REST transport (the SDK's default for Compute), pointed
 * at `TOIL_GCE_ENDPOINT` when set, authenticated with `TOIL_GCE_ACCESS_TOKEN` or the default credentials.
 */
export class Compute {
  private readonly clients = new Map<ClientKind, Promise<Clients[ClientKind]>>();
  private options?: Promise<Record<string, string | number | boolean | object>>;

  constructor(readonly s: GceSettings) {}

  /** The clients' options, built once (the token's auth client is shared). */
  private clientOptions(): Promise<Record<string, string | number | boolean | object>> {
    this.options ??= (async () => {
      const options: Record<string, string | number | boolean | object> = { fallback: true };
      if (this.s.endpoint) {
        options.apiEndpoint = this.s.endpoint.hostname;
        options.protocol = this.s.endpoint.protocol.replace(':', '');
        options.port = Number(this.s.endpoint.port || (this.s.endpoint.protocol === 'https:' ? 443 : 80));
      }
      if (this.s.accessToken) {
        const { OAuth2Client } = await import('google-auth-library');
        const auth = new OAuth2Client();
        auth.setCredentials({ access_token: this.s.accessToken });
        options.authClient = auth;
      }
      return options;
    })();
    return this.options;
  }

  /**
   * A client, created and initialized on first use. Initialized here, awaited: each SDK method also starts
   * initialize() and rethrows its failure as an unhandled rejection (a stack instead of one line).
   */
  private client<K extends ClientKind>(kind: K): Promise<Clients[K]> {
    let client = this.clients.get(kind);
    if (!client) {
      client = (async () => {
        sdkPromise ??= import('@google-cloud/compute');
        const sdk = await sdkPromise;
        const made = new sdk[CLASS_NAMES[kind]](await this.clientOptions());
        await made.initialize();
        return made;
      })();
      this.clients.set(kind, client);
    }
    return client as Promise<Clients[K]>;
  }

  /** Run one request on one client; failures become one-line ToilErrors naming the action. */
  async call<K extends ClientKind, T>(kind: K, method: string, work: (c: Clients[K]) => Promise<T>): Promise<T> {
    try {
      return await work(await this.client(kind));
    } catch (error) {
      throw mapGceError(`${kind}.${method}`, error);
    }
  }

  /**
   * Wait until an operation (the `latestResponse` of an insert or delete) is DONE; an operation that ended with
   * an error is a GceRequestError with GCE's message.
   */
  async waitFor(action: string, op: { name?: string | null; zone?: string | null }): Promise<void> {
    const zone = op.zone?.split('/').pop();
    for (;;) {
      const [done] = zone
        ? await this.call('zoneOperations', 'wait', (c) =>
            c.wait({ project: this.s.project, zone, operation: op.name! }),
          )
        : await this.call('globalOperations', 'wait', (c) => c.wait({ project: this.s.project, operation: op.name! }));
      if (done.status === 'DONE') {
        const failure = done.error?.errors?.[0];
        if (failure) throw new GceRequestError(action, undefined, `${failure.code ?? ''}: ${failure.message ?? ''}`);
        return;
      }
    }
  }

  /** Close the clients' connections. */
  async close(): Promise<void> {
    const clients = [...this.clients.values()];
    this.clients.clear();
    // A client that never got credentials fails to close as it failed to start; that failure was reported already.
    await Promise.allSettled(clients.map(async (c) => (await c).close()));
  }
}
