import type { Readable } from 'node:stream';

/**
 * The few object-store operations the S3 job store needs, on one bucket. The driver (AwsJobStore) is written
 * against this, so it reads as job-store logic, and the SDK stays in one adapter (S3ObjectStore) that loads only
 * when an `aws:` store is used.
 */

/** What a HEAD tells about an object. */
export interface ObjectInfo {
  size: number;
  /** The ETag without quotes (what a conditional PUT sends back). */
  etag: string;
  /** User metadata (`x-amz-meta-*`), keys in lower case. */
  metadata: Record<string, string>;
}

/** Conditions and metadata of a PUT. */
export interface PutOptions {
  /** Create only: fail the condition when the key exists (`If-None-Match: *`). */
  ifNoneMatch?: boolean;
  /** Replace only this version (`If-Match: <etag>`): fail the condition when the object changed or is gone. */
  ifMatch?: string;
  /** User metadata to store with the object. */
  metadata?: Record<string, string>;
}

/** Thrown by a client for any operation on a bucket that does not exist. */
export class BucketMissing extends Error {
  constructor(readonly bucket: string) {
    super(`The bucket '${bucket}' does not exist.`);
  }
}

/** One bucket of an object store. */
export interface ObjectStoreClient {
  /** The bucket's name. */
  readonly bucket: string;
  /** Where the server is, for messages. */
  readonly endpoint: string;
  /** Create the bucket; resolves true when this call created it, false when it was already ours. */
  createBucket(): Promise<boolean>;
  /** Delete the (empty) bucket; a missing one is fine. */
  deleteBucket(): Promise<void>;
  /** Store a whole object; resolves false (storing nothing) when a condition failed. */
  put(key: string, body: Buffer, options?: PutOptions): Promise<boolean>;
  /** Store a stream of unknown length, in parts when it is large; the object appears only when complete. */
  upload(key: string, body: Readable, metadata?: Record<string, string>, signal?: AbortSignal): Promise<void>;
  /** An object's bytes and info, or undefined when there is none. */
  get(key: string): Promise<({ body: Buffer } & ObjectInfo) | undefined>;
  /** An object as a stream, or undefined when there is none. */
  getStream(key: string): Promise<{ stream: Readable; info: ObjectInfo } | undefined>;
  /** An object's info, or undefined when there is none. */
  head(key: string): Promise<ObjectInfo | undefined>;
  /** Copy an object within the bucket (with its metadata); resolves false when the source is missing. */
  copy(from: string, to: string): Promise<boolean>;
  /** Delete objects; missing ones are fine. */
  delete(...keys: string[]): Promise<void>;
  /** Keys under a prefix, in key order, page by page. */
  list(prefix: string): AsyncIterable<string>;
  /** Abort every unfinished multipart upload (their parts would keep the bucket from being deleted). */
  abortUploads(): Promise<void>;
}
