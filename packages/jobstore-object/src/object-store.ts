import type { Readable } from 'node:stream';

/**
 * The few object-store operations the job store needs, on one bucket. The driver (ObjectJobStore) is written
 * against this, so it reads as job-store logic, and each SDK stays in one adapter (S3ObjectStore in
 * @toil/jobstore-aws, GcsObjectStore in @toil/jobstore-gcs) that loads only when such a store is used.
 */

/** What a HEAD (S3) or a metadata GET (GCS) tells about an object. */
export interface ObjectInfo {
  size: number;
  /**
   * What a conditional PUT sends back to replace exactly this version: S3's ETag without quotes, GCS's generation.
   */
  version: string;
  /** User metadata (`x-amz-meta-*` on S3, the object's `metadata` on GCS), keys in lower case. */
  metadata: Record<string, string>;
}

/** Conditions and metadata of a PUT. */
export interface PutOptions {
  /** Create only: fail the condition when the key exists (S3 `If-None-Match: *`, GCS `ifGenerationMatch=0`). */
  ifNoneMatch?: boolean;
  /**
   * Replace only this version (S3 `If-Match: <etag>`, GCS `ifGenerationMatch=<generation>`): fail the condition
   * when the object changed or is gone.
   */
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
  /** An object's info, or undefined when there is none or no bucket (a bare 404 either way on S3 and GCS). */
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
