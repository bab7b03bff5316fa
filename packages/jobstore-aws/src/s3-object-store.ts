import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutBucketTaggingCommand,
  PutObjectCommand,
  S3Client,
  type BucketLocationConstraint,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { BucketMissing, type ObjectInfo, type ObjectStoreClient, type PutOptions } from '@toil/jobstore-object';
import type { S3Settings } from './s3-config.js';
import { codeOf, statusOf, translateS3Error } from './s3-errors.js';
import { S3BucketError, SseKeyMismatchError } from './errors.js';

/** Parts of 16 MiB, four in flight: about 64 MiB of memory per upload, and few enough parts up to 160 GiB. */
const PART_SIZE = 16 * 1024 * 1024;
const QUEUE_SIZE = 4;

/** ObjectStoreClient over @aws-sdk/client-s3 (and lib-storage for multipart uploads). */
export class S3ObjectStore implements ObjectStoreClient {
  readonly endpoint: string;
  private readonly client: S3Client;

  /** SSE-C parameters of every object request when a customer key is given (`--sseKey`). */
  private readonly sse: { SSECustomerAlgorithm?: string; SSECustomerKey?: string };

  /**
   * @param sseKey A 32-byte SSE-C key as a binary string: every object is written and read with it.
   * @param tags Tags a bucket this store creates gets (the cluster it belongs to, see cluster-stores.ts).
   */
  constructor(
    readonly bucket: string,
    private readonly settings: S3Settings,
    sseKey?: string,
    private readonly tags?: Record<string, string>,
  ) {
    this.sse = sseKey === undefined ? {} : { SSECustomerAlgorithm: 'AES256', SSECustomerKey: sseKey };
    this.endpoint = settings.endpoint ?? `https://s3.${settings.region}.amazonaws.com`;
    // The SDK warns on every process that its releases after January 2027 need Node 22; this project runs on
    // Node 20 knowingly (root README, "Packages"), and the warning would drown a workflow's one-line errors.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    this.client = new S3Client({
      region: settings.region,
      endpoint: settings.endpoint,
      // S3-compatible servers are reached by address, where virtual-host buckets cannot resolve.
      forcePathStyle: settings.endpoint !== undefined,
      // Ceph radosgw 16 rejects aws-chunked bodies with trailing checksums (411): checksum only when required.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      // The SDK's standard retry strategy: exponential back-off with jitter on throttling (SlowDown, 503),
      // 5xx, timeouts and dropped connections. Maintained code, so no retry loop of our own around each call.
      maxAttempts: 6,
      retryMode: 'standard',
      requestHandler: { connectionTimeout: 5_000, requestTimeout: 120_000 },
    });
  }

  /** Run one SDK call, translating its errors (see translateS3Error). */
  private async call<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      throw translateS3Error(err, this.bucket, this.endpoint);
    }
  }

  async createBucket(): Promise<boolean> {
    const location = this.settings.region === 'us-east-1' ? undefined : this.settings.region;
    try {
      await this.client.send(
        new CreateBucketCommand({
          Bucket: this.bucket,
          CreateBucketConfiguration: location
            ? { LocationConstraint: location as BucketLocationConstraint }
            : undefined,
        }),
      );
      if (this.tags) {
        const TagSet = Object.entries(this.tags).map(([Key, Value]) => ({ Key, Value }));
        await this.call(() =>
          this.client.send(new PutBucketTaggingCommand({ Bucket: this.bucket, Tagging: { TagSet } })),
        );
      }
      return true;
    } catch (err) {
      if (codeOf(err) === 'BucketAlreadyOwnedByYou') return false;
      if (codeOf(err) === 'BucketAlreadyExists') {
        throw new S3BucketError(
          this.bucket,
          'it belongs to another account (bucket names are global on S3); choose another job store name',
          { cause: err },
        );
      }
      throw translateS3Error(err, this.bucket, this.endpoint);
    }
  }

  async deleteBucket(): Promise<void> {
    try {
      await this.client.send(new DeleteBucketCommand({ Bucket: this.bucket }));
    } catch (err) {
      const translated = translateS3Error(err, this.bucket, this.endpoint);
      if (!(translated instanceof BucketMissing)) throw translated;
    }
  }

  async put(key: string, body: Buffer, options: PutOptions = {}): Promise<boolean> {
    const conditional = options.ifNoneMatch === true || options.ifMatch !== undefined;
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: body,
          ContentLength: body.length,
          Metadata: options.metadata,
          ...this.sse,
          IfNoneMatch: options.ifNoneMatch ? '*' : undefined,
          // radosgw 16 matches If-Match on PUT only against the bare ETag; AWS accepts both forms.
          IfMatch: options.ifMatch,
        }),
      );
      return true;
    } catch (err) {
      const status = statusOf(err);
      // 412: the condition failed; 409: AWS's ConditionalRequestConflict; 500 after a conditional PUT: radosgw
      // reports a lost compare-and-swap race as ECANCELED (see S3-RADOSGW.md, caveat 2).
      if (conditional && (status === 412 || status === 409 || status === 500)) return false;
      throw translateS3Error(err, this.bucket, this.endpoint);
    }
  }

  async upload(key: string, body: Readable, metadata?: Record<string, string>, signal?: AbortSignal): Promise<void> {
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: body, Metadata: metadata, ...this.sse },
      partSize: PART_SIZE,
      queueSize: QUEUE_SIZE,
      leavePartsOnError: false,
    });
    const abort = (): void => void upload.abort().catch(() => undefined);
    signal?.addEventListener('abort', abort, { once: true });
    try {
      await this.call(() => upload.done());
    } finally {
      signal?.removeEventListener('abort', abort);
    }
  }

  async get(key: string): Promise<({ body: Buffer } & ObjectInfo) | undefined> {
    const found = await this.getStream(key);
    if (!found) return undefined;
    const chunks: Buffer[] = [];
    for await (const chunk of found.stream) chunks.push(chunk as Buffer);
    return { body: Buffer.concat(chunks), ...found.info };
  }

  async getStream(key: string): Promise<{ stream: Readable; info: ObjectInfo } | undefined> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, ...this.sse }));
      const info = { size: out.ContentLength ?? 0, version: unquote(out.ETag), metadata: out.Metadata ?? {} };
      return { stream: out.Body as Readable, info };
    } catch (err) {
      if (codeOf(err) === 'NoSuchKey') return undefined;
      throw this.readError(err, key);
    }
  }

  /**
   * A read refused with 400 (radosgw, and S3 for a missing key) or 403 (S3, wrong key) on an object stored with
   * SSE-C: the key given is not the one it was written with, or none was given.
   */
  private readError(err: unknown, key: string): unknown {
    const status = statusOf(err);
    const sseRefusal = status === 400 || (status === 403 && this.sse.SSECustomerKey !== undefined);
    if (sseRefusal && !['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch'].includes(codeOf(err) ?? '')) {
      return new SseKeyMismatchError(`the object '${key}' of the bucket '${this.bucket}'`, { cause: err });
    }
    return translateS3Error(err, this.bucket, this.endpoint);
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key, ...this.sse }));
      return { size: out.ContentLength ?? 0, version: unquote(out.ETag), metadata: out.Metadata ?? {} };
    } catch (err) {
      // A HEAD has no body, so a missing key and a missing bucket are both a bare 404.
      if (statusOf(err) === 404) return undefined;
      throw this.readError(err, key);
    }
  }

  async copy(from: string, to: string): Promise<boolean> {
    try {
      await this.client.send(
        new CopyObjectCommand({
          Bucket: this.bucket,
          Key: to,
          CopySource: `${this.bucket}/${encodeURIComponent(from)}`,
        }),
      );
      return true;
    } catch (err) {
      if (codeOf(err) === 'NoSuchKey' || statusOf(err) === 404) {
        if (codeOf(err) === 'NoSuchBucket') throw new BucketMissing(this.bucket);
        return false;
      }
      throw translateS3Error(err, this.bucket, this.endpoint);
    }
  }

  async delete(...keys: string[]): Promise<void> {
    // DeleteObjects takes at most 1,000 keys per request.
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000);
      const out = await this.call(() =>
        this.client.send(
          new DeleteObjectsCommand({
            Bucket: this.bucket,
            Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
          }),
        ),
      );
      const failed = out.Errors?.[0];
      if (failed)
        throw new Error(`S3 did not delete '${failed.Key}' from '${this.bucket}': ${failed.Code} ${failed.Message}`);
    }
  }

  async *list(prefix: string): AsyncGenerator<string> {
    let token: string | undefined;
    do {
      const page = await this.call(() =>
        this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token })),
      );
      for (const item of page.Contents ?? []) if (item.Key !== undefined) yield item.Key;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  }

  async abortUploads(): Promise<void> {
    for (;;) {
      const page = await this.call(() => this.client.send(new ListMultipartUploadsCommand({ Bucket: this.bucket })));
      const uploads = page.Uploads ?? [];
      if (uploads.length === 0) return;
      for (const u of uploads) {
        await this.call(() =>
          this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: u.Key, UploadId: u.UploadId })),
        );
      }
      if (!page.IsTruncated) return;
    }
  }
}

/** ETags come quoted; conditional PUTs on radosgw need them bare. */
function unquote(etag: string | undefined): string {
  return (etag ?? '').replaceAll('"', '');
}
