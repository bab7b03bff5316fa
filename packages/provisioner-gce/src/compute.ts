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

/**
 * One project's Compute Engine clients, created on first use: REST transport (the SDK's default for Compute),
 * pointed at `TOIL_GCE_ENDPOINT` when set, authenticated with `TOIL_GCE_ACCESS_TOKEN` or the default credentials.
 */
export class Compute {
  private clients?: {
    instances: ComputeSdk.InstancesClient;
    firewalls: ComputeSdk.FirewallsClient;
    zones: ComputeSdk.ZonesClient;
    machineTypes: ComputeSdk.MachineTypesClient;
    zoneOperations: ComputeSdk.ZoneOperationsClient;
    globalOperations: ComputeSdk.GlobalOperationsClient;
  };

  constructor(readonly s: GceSettings) {}

  /** The SDK's clients, created once. */
  async sdk(): Promise<NonNullable<Compute['clients']>> {
    if (this.clients) return this.clients;
    sdkPromise ??= import('@google-cloud/compute');
    const sdk = await sdkPromise;
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
    this.clients = {
      instances: new sdk.InstancesClient(options),
      firewalls: new sdk.FirewallsClient(options),
      zones: new sdk.ZonesClient(options),
      machineTypes: new sdk.MachineTypesClient(options),
      zoneOperations: new sdk.ZoneOperationsClient(options),
      globalOperations: new sdk.GlobalOperationsClient(options),
    };
    return this.clients;
  }

  /** Run one request; failures become one-line ToilErrors naming the action. */
  async call<T>(action: string, work: (c: NonNullable<Compute['clients']>) => Promise<T>): Promise<T> {
    const clients = await this.sdk();
    try {
      // Initialized here, awaited: each SDK method also starts initialize() and rethrows its failure unhandled.
      await Promise.all(Object.values(clients).map((c) => c.initialize()));
      return await work(clients);
    } catch (error) {
      throw mapGceError(action, error);
    }
  }

  /**
   * Wait until an operation (the `latestResponse` of an insert or delete) is DONE; an operation that ended with
   * an error is a GceRequestError with GCE's message.
   */
  async waitFor(action: string, op: { name?: string | null; zone?: string | null }): Promise<void> {
    const zone = op.zone?.split('/').pop();
    for (;;) {
      const [done] = await this.call(action, (c) =>
        zone
          ? c.zoneOperations.wait({ project: this.s.project, zone, operation: op.name! })
          : c.globalOperations.wait({ project: this.s.project, operation: op.name! }),
      );
      if (done.status === 'DONE') {
        const failure = done.error?.errors?.[0];
        if (failure) throw new GceRequestError(action, undefined, `${failure.code ?? ''}: ${failure.message ?? ''}`);
        return;
      }
    }
  }

  /** Close the clients' connections. */
  async close(): Promise<void> {
    if (!this.clients) return;
    // A client that never got credentials fails to close as it failed to start; that failure was reported already.
    await Promise.allSettled(Object.values(this.clients).map((c) => c.close()));
    this.clients = undefined;
  }
}
