import { BucketMissing } from '@toil/jobstore-object';
import { S3AccessDeniedError, S3BucketError, S3UnreachableError } from './errors.js';

/** The fields of an SDK error this module looks at (S3ServiceException, network and credential errors). */
interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
  cause?: unknown;
}

const ACCESS = new Set([
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'AccessDenied',
  'InvalidToken',
  'ExpiredToken',
  'CredentialsProviderError',
]);
const NETWORK = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'EPIPE']);

/** The HTTP status of an SDK error, if the server answered. */
export function statusOf(err: unknown): number | undefined {
  return (err as SdkError | undefined)?.$metadata?.httpStatusCode;
}

/** The S3 error code (`NoSuchKey`, `PreconditionFailed`, ...) of an SDK error. */
export function codeOf(err: unknown): string | undefined {
  const e = err as SdkError | undefined;
  return e?.Code ?? e?.name;
}

/** A network error code anywhere in the cause chain (the SDK wraps socket errors). */
function networkCode(err: unknown): string | undefined {
  for (let e = err as SdkError | undefined, depth = 0; e && depth < 5; e = e.cause as SdkError, depth++) {
    if (e.code && NETWORK.has(e.code)) return e.code;
    if (e.name === 'TimeoutError') return 'timed out';
  }
  return undefined;
}

/**
 * Turn an SDK error into the error the job store reports: a missing bucket is BucketMissing (the store maps it to
 * NoSuchJobStoreError), refused credentials, an unreachable server and an unusable bucket are one-line ToilErrors;
 * anything else is returned as it is.
 */
export function translateS3Error(err: unknown, bucket: string, endpoint: string): unknown {
  const code = codeOf(err);
  if (code === 'NoSuchBucket') return new BucketMissing(bucket);
  if (code !== undefined && ACCESS.has(code)) {
    const detail = code === 'CredentialsProviderError' ? 'no AWS credentials were found' : code;
    return new S3AccessDeniedError(`the bucket '${bucket}' at ${endpoint}`, detail, { cause: err });
  }
  if (
    code === 'PermanentRedirect' ||
    code === 'AuthorizationHeaderMalformed' ||
    code === 'IllegalLocationConstraintException'
  ) {
    return new S3BucketError(
      bucket,
      `it is in another region than the locator's (${code}); use that region in the locator`,
      { cause: err },
    );
  }
  if (code === 'InvalidLocationConstraint') {
    return new S3BucketError(bucket, `the server at ${endpoint} does not have the locator's region (${code})`, {
      cause: err,
    });
  }
  const net = networkCode(err);
  if (net !== undefined) return new S3UnreachableError(endpoint, net, { cause: err });
  if (statusOf(err) === 403)
    return new S3AccessDeniedError(`the bucket '${bucket}' at ${endpoint}`, 'HTTP 403', { cause: err });
  return err;
}
