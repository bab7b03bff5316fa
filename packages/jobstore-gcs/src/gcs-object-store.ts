import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { IdempotencyStrategy, Storage, type Bucket, type File } from '@google-cloud/storage';
import { BucketMissing, type ObjectInfo, type ObjectStoreClient, type PutOptions } from '@toil/jobstore-object';
import { GcsBucketError, GcsKeyMismatchError } from './errors.js';
import type { GcsSettings } from './gcs-config.js';
import { reasonOf, statusOf, translateGcsError } from './gcs-errors.js';

/** Resumable uploads send 16 MiB per request, as the S3 store's parts: a dropped request resends at most that. */
const CHUNK_SIZE = 16 * 1024 * 1024;
/** Keys deleted at once: the JSON API deletes one object per request. */
const DELETE_CONCURRENCY = 16;
/** Keys per listing page: GCS's maximum, so a large store lists in few requests. */
const PAGE_SIZE = 1000;

/** The object's own fields the adapter reads (the JSON API's object resource). */
interface ObjectResource {
  size?: string | number;
  generation?: string | number;
  metadata?: Record<string, string | number | boolean | null>;
}

/**
 * ObjectStoreClient over @google-cloud/storage (the JSON API). The generation plays the ETag's role: a create is
 * an upload with `ifGenerationMatch=0`, a replace one with `ifGenerationMatch=<generation>`, and GCS answers 412
 * when the condition fails. With a customer-supplied key (`--sseKey`) every object request carries it.
 */
export class GcsObjectStore implements ObjectStoreClient {
  readonly endpoint: string;
  private readonly storage: Storage;
  private readonly handle: Bucket;

  /**
   * @param key A 32-byte AES-256 key: every object is written and read with it (customer-supplied encryption).
   * @param labels Labels a bucket this store creates gets (the cluster it belongs to, see cluster-stores.ts).
   */
  constructor(
    readonly bucket: string,
    settings: GcsSettings,
    private readonly key?: Buffer,
    private readonly labels?: Record<string, string>,
  ) {
    this.endpoint = settings.endpoint ?? 'https://storage.googleapis.com';
    this.storage = new Storage({
      projectId: settings.project,
      apiEndpoint: settings.endpoint,
      useAuthWithCustomEndpoint: settings.endpoint === undefined ? undefined : settings.authenticate,
      // The SDK's retries (exponential back-off on 408, 429, 5xx and dropped connections): maintained code rather
      // than a loop of our own. Three retries give up on a server that is down after about 15 s, as the S3 store
      // does; more left a user waiting half a minute for a one-line error. Every write here is idempotent (whole
      // objects, conditional or to a fresh key), so all may be retried. A create retried after a lost answer can
      // see its own object (412): the caller treats that as "exists", the same outcome S3 gives.
      retryOptions: {
        autoRetry: true,
        maxRetries: 3,
        retryDelayMultiplier: 2,
        maxRetryDelay: 16,
        totalTimeout: 120,
        idempotencyStrategy: IdempotencyStrategy.RetryAlways,
      },
    });
    this.handle = this.storage.bucket(bucket);
  }

  /** A file handle, carrying the customer key when there is one. */
  private file(key: string, generation?: string): File {
    return this.handle.file(key, {
      encryptionKey: this.key,
      generation: generation === undefined ? undefined : Number(generation),
    });
  }

  /** Run one SDK call, translating its errors (see translateGcsError). */
  private async call<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      throw translateGcsError(err, this.bucket, this.endpoint);
    }
  }

  async createBucket(): Promise<boolean> {
    try {
      await this.storage.createBucket(this.bucket, this.labels ? { labels: this.labels } : {});
      return true;
    } catch (err) {
      if (statusOf(err) !== 409) throw translateGcsError(err, this.bucket, this.endpoint);
    }
    // 409: the name is taken. Ours when we can read it; bucket names are global, so it may be another project's.
    try {
      await this.handle.getMetadata();
      return false;
    } catch (err) {
      if (statusOf(err) === 403) {
        throw new GcsBucketError(
          this.bucket,
          'it belongs to another project (bucket names are global on GCS); choose another job store name',
          { cause: err },
        );
      }
      throw translateGcsError(err, this.bucket, this.endpoint);
    }
  }

  async deleteBucket(): Promise<void> {
    try {
      await this.handle.delete();
    } catch (err) {
      const translated = translateGcsError(err, this.bucket, this.endpoint);
      if (!(translated instanceof BucketMissing) && statusOf(err) !== 404) throw translated;
    }
  }

  async put(key: string, body: Buffer, options: PutOptions = {}): Promise<boolean> {
    const generation = options.ifNoneMatch ? 0 : options.ifMatch === undefined ? undefined : Number(options.ifMatch);
    try {
      await this.file(key).save(body, {
        resumable: false,
        metadata: { metadata: options.metadata ?? {} },
        preconditionOpts: generation === undefined ? undefined : { ifGenerationMatch: generation },
      });
      return true;
    } catch (err) {
      // 412: the generation did not match (created meanwhile, changed, or gone).
      if (generation !== undefined && statusOf(err) === 412) return false;
      throw translateGcsError(err, this.bucket, this.endpoint);
    }
  }

  async upload(key: string, body: Readable, metadata?: Record<string, string>, signal?: AbortSignal): Promise<void> {
    const file = this.file(key);
    // The session is opened first, on its own: createWriteStream alone would open it without credentials on a
    // TOIL_GCS_ENDPOINT server (the SDK 7.19 does not pass useAuthWithCustomEndpoint on that path). The chunks then
    // go to the session URI, which is its own authorization, as on GCS.
    const [uri] = await this.call(() => file.createResumableUpload({ metadata: { metadata } }));
    const sink = file.createWriteStream({ resumable: true, uri, chunkSize: CHUNK_SIZE, metadata: { metadata } });
    await this.call(() => pipeline(body, sink, { signal }));
  }

  /** The job store's view of an object resource. */
  private info(resource: ObjectResource): ObjectInfo {
    const metadata: Record<string, string> = {};
    for (const [k, v] of Object.entries(resource.metadata ?? {})) if (v !== null) metadata[k.toLowerCase()] = String(v);
    return { size: Number(resource.size ?? 0), version: String(resource.generation ?? ''), metadata };
  }

  async get(key: string): Promise<({ body: Buffer } & ObjectInfo) | undefined> {
    const found = await this.getStream(key);
    if (!found) return undefined;
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of found.stream) chunks.push(chunk as Buffer);
    } catch (err) {
      throw this.readError(err, key);
    }
    return { body: Buffer.concat(chunks), ...found.info };
  }

  /**
   * The object's metadata, then the bytes of exactly that generation, so the info and the bytes belong together
   * (S3 gives both in one answer). A generation replaced in between is gone (404): read the new one.
   */
  async getStream(key: string): Promise<{ stream: Readable; info: ObjectInfo } | undefined> {
    for (let attempt = 0; ; attempt++) {
      const info = await this.head(key);
      if (!info) return undefined;
      const stream = this.file(key, info.version).createReadStream();
      const opened = await new Promise<unknown>((resolve) => {
        // A refused download emits 'response' and then 'error': wait for the error unless the answer is a 2xx.
        stream.once('response', (res: { statusCode?: number }) => {
          if ((res.statusCode ?? 0) < 300) resolve(undefined);
        });
        stream.once('error', (err: unknown) => resolve(err ?? new Error('download failed')));
        // The SDK sends the request on the first read; read(0) starts it without consuming anything.
        stream.read(0);
      });
      if (opened === undefined) return { stream, info };
      stream.destroy();
      if (statusOf(opened) === 404 && attempt < 3) continue;
      throw this.readError(opened, key);
    }
  }

  /**
   * A read refused with 400 on an object stored with a customer key (given none, or another one): GCS gives the
   * reasons `resourceIsEncryptedWithCustomerEncryptionKey` and `customerEncryptionKeySha256IsInvalid` and the like.
   */
  private readError(err: unknown, key: string): unknown {
    if (statusOf(err) === 400 && /encrypt|key/i.test(`${reasonOf(err) ?? ''} ${(err as Error).message ?? ''}`)) {
      return new GcsKeyMismatchError(`the object '${key}' of the bucket '${this.bucket}'`, { cause: err });
    }
    return translateGcsError(err, this.bucket, this.endpoint);
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    try {
      const [resource] = await this.handle.file(key).getMetadata();
      return this.info(resource as ObjectResource);
    } catch (err) {
      // A missing object and a missing bucket: both 404, as a HEAD on S3.
      if (statusOf(err) === 404) return undefined;
      throw this.readError(err, key);
    }
  }

  async copy(from: string, to: string): Promise<boolean> {
    try {
      // A rewrite within the bucket; the source and the copy keep the same key (stats blobs are never encrypted).
      await this.file(from).copy(this.file(to));
      return true;
    } catch (err) {
      if (statusOf(err) === 404) {
        const translated = translateGcsError(err, this.bucket, this.endpoint);
        if (translated instanceof BucketMissing) throw translated;
        return false;
      }
      throw translateGcsError(err, this.bucket, this.endpoint);
    }
  }

  async delete(...keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += DELETE_CONCURRENCY) {
      await Promise.all(
        keys
          .slice(i, i + DELETE_CONCURRENCY)
          .map((key) => this.call(() => this.handle.file(key).delete({ ignoreNotFound: true }))),
      );
    }
  }

  async *list(prefix: string): AsyncGenerator<string> {
    let pageToken: string | undefined;
    do {
      const [files, next] = await this.call(() =>
        this.handle.getFiles({ prefix, autoPaginate: false, maxResults: PAGE_SIZE, pageToken }),
      );
      for (const file of files) yield file.name;
      pageToken = (next as { pageToken?: string } | null)?.pageToken;
    } while (pageToken !== undefined);
  }

  /** Nothing to do: unfinished resumable uploads hold no storage and expire after a week on their own. */
  async abortUploads(): Promise<void> {}
}
