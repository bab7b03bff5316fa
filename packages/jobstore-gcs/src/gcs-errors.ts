import { BucketMissing } from '@toil/jobstore-object';
import { GcsAccessDeniedError, GcsUnreachableError } from './errors.js';

/** The fields of an SDK error this module looks at (ApiError, GaxiosError, google-auth-library errors). */
interface SdkError {
  code?: number | string;
  message?: string;
  errors?: { reason?: string; message?: string }[];
  response?: { status?: number };
  config?: { url?: string | URL };
  cause?: unknown;
}

const NETWORK = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'EPIPE']);

/** The HTTP status of an SDK error, if the server answered. */
export function statusOf(err: unknown): number | undefined {
  const e = err as SdkError | undefined;
  if (typeof e?.code === 'number') return e.code;
  return e?.response?.status;
}

/** The first reason GCS gave (`notFound`, `conditionNotMet`, `resourceIsEncryptedWithCustomerEncryptionKey`...). */
export function reasonOf(err: unknown): string | undefined {
  return (err as SdkError | undefined)?.errors?.[0]?.reason;
}

/** A network error code anywhere in the cause chain (gaxios wraps socket errors). */
function networkCode(err: unknown): string | undefined {
  for (let e = err as SdkError | undefined, depth = 0; e && depth < 5; e = e.cause as SdkError, depth++) {
    if (typeof e.code === 'string' && NETWORK.has(e.code)) return e.code;
  }
  return undefined;
}

/** Whether an error came from getting a token (the token endpoint or no credentials at all), not from GCS. */
function credentialProblem(err: unknown, endpoint: string): string | undefined {
  const e = err as SdkError;
  if (/Could not load the default credentials|Unable to detect a Project Id/.test(e.message ?? '')) {
    return 'no Google credentials were found';
  }
  const url = e.config?.url?.toString();
  if (url !== undefined && !url.startsWith(endpoint) && statusOf(err) !== undefined) {
    return `the token endpoint answered HTTP ${statusOf(err)}`;
  }
  return undefined;
}

/**
 * Turn an SDK error into the error the job store reports: a missing bucket is BucketMissing (the store maps it to
 * NoSuchJobStoreError); refused credentials and an unreachable server are one-line ToilErrors; anything else is
 * returned as it is.
 */
export function translateGcsError(err: unknown, bucket: string, endpoint: string): unknown {
  const target = `the bucket '${bucket}' at ${endpoint}`;
  const credentials = credentialProblem(err, endpoint);
  if (credentials !== undefined) return new GcsAccessDeniedError(target, credentials, { cause: err });
  const status = statusOf(err);
  if (status === 404 && /bucket does not exist/i.test((err as SdkError).message ?? ''))
    return new BucketMissing(bucket);
  if (status === 401 || status === 403) {
    return new GcsAccessDeniedError(target, `HTTP ${status}${reasonOf(err) ? ` ${reasonOf(err)}` : ''}`, {
      cause: err,
    });
  }
  const net = networkCode(err);
  if (net !== undefined) return new GcsUnreachableError(endpoint, net, { cause: err });
  return err;
}
