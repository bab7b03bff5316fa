import { ToilError } from '@toil/core';

/**
 * The GCS conditions a user can cause, one class each with a stable code. Each message names the bucket or the
 * endpoint and says what would work; the CLI prints it as one line.
 */

/** GCS refused the credentials (401: none or invalid; 403: no permission on the bucket or project). */
export class GcsAccessDeniedError extends ToilError {
  constructor(
    readonly target: string,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      'GCS_ACCESS_DENIED',
      `Google Cloud Storage refused access to ${target} (${detail}). Check GOOGLE_APPLICATION_CREDENTIALS (a service account key file) or 'gcloud auth application-default login', and that the account may use this bucket and project.`,
      options,
    );
  }
}

/** The GCS server cannot be reached (nothing listening, DNS failure, timeouts after every retry). */
export class GcsUnreachableError extends ToilError {
  constructor(
    readonly endpoint: string,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      'GCS_UNREACHABLE',
      `Cannot reach Google Cloud Storage at ${endpoint} (${detail}). Check the network, and TOIL_GCS_ENDPOINT for a GCS-compatible server.`,
      options,
    );
  }
}

/** The job store's bucket cannot be used: its name is taken by another project, or the project is unknown. */
export class GcsBucketError extends ToilError {
  constructor(
    readonly bucket: string,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super('GCS_BUCKET', `The GCS bucket '${bucket}' cannot be used: ${detail}.`, options);
  }
}

/** The `--sseKey` file cannot be used as a customer-supplied encryption key: unreadable, or not 32 bytes. */
export class GcsKeyError extends ToilError {
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(
      'GCS_KEY',
      `Invalid --sseKey file '${path}': ${detail}; a customer-supplied encryption key for GCS is a file holding exactly 32 bytes (AES-256).`,
    );
  }
}

/** GCS refused an encrypted object with the key given: it was written with another key, or with none. */
export class GcsKeyMismatchError extends ToilError {
  constructor(
    readonly target: string,
    options?: { cause?: unknown },
  ) {
    super(
      'GCS_KEY_MISMATCH',
      `Google Cloud Storage refused ${target} with the --sseKey given: the file was written with another key or without one. Use the key the workflow was started with.`,
      options,
    );
  }
}
