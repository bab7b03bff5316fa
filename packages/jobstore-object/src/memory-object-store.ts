import { Readable } from 'node:stream';
import { BucketMissing, type ObjectInfo, type ObjectStoreClient, type PutOptions } from './object-store.js';

interface Stored {
  body: Buffer;
  version: string;
  metadata: Record<string, string>;
}

/**
 * An ObjectStoreClient in memory, with the conditions of a real one (create-only and replace-this-version
 * fail when they should), for the driver's own tests: it shows that the driver needs nothing an SDK adapter does
 * not give. The adapters themselves are tested against radosgw (S3) and an HTTP fake of the GCS JSON API.
 */
export class MemoryObjectStore implements ObjectStoreClient {
  readonly endpoint = 'memory:';
  private objects?: Map<string, Stored>;
  private generation = 0;

  /** @param bucket The bucket's name, for messages. */
  constructor(readonly bucket: string) {}

  private live(): Map<string, Stored> {
    if (!this.objects) throw new BucketMissing(this.bucket);
    return this.objects;
  }

  async createBucket(): Promise<boolean> {
    if (this.objects) return false;
    this.objects = new Map();
    return true;
  }

  async deleteBucket(): Promise<void> {
    this.objects = undefined;
  }

  async put(key: string, body: Buffer, options: PutOptions = {}): Promise<boolean> {
    const objects = this.live();
    const current = objects.get(key);
    if (options.ifNoneMatch && current) return false;
    if (options.ifMatch !== undefined && current?.version !== options.ifMatch) return false;
    objects.set(key, { body: Buffer.from(body), version: String(++this.generation), metadata: options.metadata ?? {} });
    return true;
  }

  async upload(key: string, body: Readable, metadata?: Record<string, string>, signal?: AbortSignal): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of body) {
      if (signal?.aborted) throw new Error('upload aborted');
      chunks.push(Buffer.from(chunk as Uint8Array));
    }
    await this.put(key, Buffer.concat(chunks), { metadata });
  }

  private info(found: Stored): ObjectInfo {
    return { size: found.body.length, version: found.version, metadata: { ...found.metadata } };
  }

  async get(key: string): Promise<({ body: Buffer } & ObjectInfo) | undefined> {
    const found = this.live().get(key);
    return found && { body: Buffer.from(found.body), ...this.info(found) };
  }

  async getStream(key: string): Promise<{ stream: Readable; info: ObjectInfo } | undefined> {
    const found = this.live().get(key);
    return found && { stream: Readable.from([Buffer.from(found.body)]), info: this.info(found) };
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    // As on S3 and GCS, where a missing bucket and a missing key are the same bare 404.
    const found = this.objects?.get(key);
    return found && this.info(found);
  }

  async copy(from: string, to: string): Promise<boolean> {
    const found = this.live().get(from);
    if (!found) return false;
    return this.put(to, found.body, { metadata: found.metadata });
  }

  async delete(...keys: string[]): Promise<void> {
    const objects = this.live();
    for (const key of keys) objects.delete(key);
  }

  async *list(prefix: string): AsyncGenerator<string> {
    const keys = [...this.live().keys()].filter((k) => k.startsWith(prefix)).sort();
    for (const key of keys) yield key;
  }

  async abortUploads(): Promise<void> {
    this.live();
  }
}
