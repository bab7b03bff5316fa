import { InvalidValueError } from '@toil/core';

/** Where and how to reach Google Cloud Storage. */
export interface GcsSettings {
  /** The project that owns new buckets. */
  project: string;
  /**
   * `http(s)://host[:port]` of a GCS-compatible server (TOIL_GCS_ENDPOINT); undefined for Google itself. The SDK
   * adds `/storage/v1` and `/upload/storage/v1` to it.
   */
  endpoint?: string;
  /**
   * Whether requests to `endpoint` carry credentials: only when GOOGLE_APPLICATION_CREDENTIALS names a file, since
   * emulators take none. Requests to Google always do.
   */
  authenticate: boolean;
}

/** The variables that say where the server is; workers get them from the leader (never a secret). */
const ENV_NAMES = ['TOIL_GCS_ENDPOINT', 'GOOGLE_APPLICATION_CREDENTIALS'];

/**
 * Read TOIL_GCS_ENDPOINT (our counterpart of TOIL_S3_HOST; the SDK's own STORAGE_EMULATOR_HOST is left alone, as
 * it changes the SDK's URL layout) for a project. Credentials are not read here: the SDK's default chain reads
 * GOOGLE_APPLICATION_CREDENTIALS (Toil's documented way), `gcloud auth application-default login` or the metadata
 * server, as every Google tool does.
 */
export function gcsSettings(project: string, env: NodeJS.ProcessEnv = process.env): GcsSettings {
  const endpoint = env.TOIL_GCS_ENDPOINT ?? '';
  if (endpoint === '') return { project, authenticate: true };
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    url = new URL('invalid:');
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.pathname !== '/' || url.search !== '') {
    throw new InvalidValueError('TOIL_GCS_ENDPOINT', endpoint, "use a server's base URL like 'http://127.0.0.1:4443'");
  }
  return { project, endpoint: url.origin, authenticate: (env.GOOGLE_APPLICATION_CREDENTIALS ?? '') !== '' };
}

/** The variables a worker needs to reach the same server with the same credentials file (a path, not a secret). */
export function gcsEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ENV_NAMES) {
    const value = env[name];
    if (value !== undefined && value !== '') out[name] = value;
  }
  return out;
}
