import { ToilError } from '@toil/core';

/**
 * The S3 conditions a user can cause, one class each with a stable code. Each message names the endpoint or
 * bucket and says what would work; the CLI prints it as one line.
 */

/** The server refused the credentials (unknown key, bad signature, no permission) or none were found. */
export class S3AccessDeniedError extends ToilError {
  constructor(
    readonly target: string,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      'S3_ACCESS_DENIED',
      `S3 refused access to ${target} (${detail}). Check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE and ~/.aws/credentials) and that they may use this bucket.`,
      options,
    );
  }
}

/** The S3 server cannot be reached (nothing listening, DNS failure, timeouts after every retry). */
export class S3UnreachableError extends ToilError {
  constructor(
    readonly endpoint: string,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      'S3_UNREACHABLE',
      `Cannot reach the S3 server at ${endpoint} (${detail}). Check that it is running, and TOIL_S3_HOST, TOIL_S3_PORT and TOIL_S3_USE_SSL for an S3-compatible server.`,
      options,
    );
  }
}

/** The job store's bucket cannot be used: it belongs to someone else, or the region does not fit the server. */
export class S3BucketError extends ToilError {
  constructor(
    readonly bucket: string,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super('S3_BUCKET', `The S3 bucket '${bucket}' cannot be used: ${detail}.`, options);
  }
}

/** The `--sseKey` file cannot be used: unreadable, or not a 32-byte key. */
export class SseKeyError extends ToilError {
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(
      'SSE_KEY',
      `Invalid --sseKey file '${path}': ${detail}; SSE-C needs a file holding a key of exactly 32 characters.`,
    );
  }
}

/** S3 refused an encrypted object with the key given: it was written with another key, or with none. */
export class SseKeyMismatchError extends ToilError {
  constructor(
    readonly target: string,
    options?: { cause?: unknown },
  ) {
    super(
      'SSE_KEY_MISMATCH',
      `S3 refused ${target} with the --sseKey given: the file was written with another key or without one. Use the key the workflow was started with.`,
      options,
    );
  }
}
