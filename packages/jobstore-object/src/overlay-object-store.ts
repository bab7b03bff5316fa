import type { Readable } from 'node:stream';
import type { MemoryObjectStore } from './memory-object-store.js';
import { BucketMissing, type ObjectInfo, type ObjectStoreClient, type PutOptions } from './object-store.js';

/** What overlay versions start with, so that they never match a real ETag or generation. */
const OVERLAY = 'overlay:';

/** Keys written or deleted in the overlay, shared by the clients of one scratch store (plain and keyed). */
export interface OverlayLayer {
  /** What was written: kept in memory, never sent to the real store. */
  top: MemoryObjectStore;
  /** Keys deleted in the overlay: the real store's objects under them are hidden. */
  deleted: Set<string>;
}

/**
 * A copy-on-write view of a bucket for `toil debug-job`: reads come from the overlay when it has the key and
 * from the real bucket otherwise; every write and delete stays in memory, so the real store is never changed.
 * Conditions (create-only, replace-this-version) are checked against that merged view; overlay versions carry an
 * `overlay:` prefix so they can never match a real ETag or generation. Memory holds what the job writes, which
 * is fine for debugging one job.
 */
export class OverlayObjectStore implements ObjectStoreClient {
  readonly bucket: string;
  readonly endpoint: string;

  constructor(
    private readonly base: ObjectStoreClient,
    private readonly layer: OverlayLayer,
  ) {
    this.bucket = base.bucket;
    this.endpoint = `a scratch overlay of ${base.endpoint}`;
  }

  private async top(): Promise<MemoryObjectStore> {
    await this.layer.top.createBucket();
    return this.layer.top;
  }

  private fromTop(info: ObjectInfo): ObjectInfo {
    return { ...info, version: `${OVERLAY}${info.version}` };
  }

  async createBucket(): Promise<boolean> {
    await this.top();
    return false;
  }

  async deleteBucket(): Promise<void> {}

  async put(key: string, body: Buffer, options: PutOptions = {}): Promise<boolean> {
    const current = await this.head(key);
    if (options.ifNoneMatch && current) return false;
    if (options.ifMatch !== undefined && current?.version !== options.ifMatch) return false;
    // The overlay's own put re-checks the condition atomically, so concurrent writers of one scratch copy race as
    // on a real store: a key the overlay holds is replaced only at the version read, any other is created once.
    const conditional = options.ifNoneMatch === true || options.ifMatch !== undefined;
    const ours = current?.version.startsWith(OVERLAY) === true;
    const condition: PutOptions = !conditional
      ? {}
      : ours
        ? { ifMatch: (current as ObjectInfo).version.slice(OVERLAY.length) }
        : { ifNoneMatch: true };
    if (!(await (await this.top()).put(key, body, { metadata: options.metadata, ...condition }))) return false;
    this.layer.deleted.delete(key);
    return true;
  }

  async upload(key: string, body: Readable, metadata?: Record<string, string>, signal?: AbortSignal): Promise<void> {
    await (await this.top()).upload(key, body, metadata, signal);
    this.layer.deleted.delete(key);
  }

  async get(key: string): Promise<({ body: Buffer } & ObjectInfo) | undefined> {
    if (this.layer.deleted.has(key)) return undefined;
    const found = await (await this.top()).get(key);
    if (found) return { ...found, ...this.fromTop(found) };
    return orNothing(this.base.get(key));
  }

  async getStream(key: string): Promise<{ stream: Readable; info: ObjectInfo } | undefined> {
    if (this.layer.deleted.has(key)) return undefined;
    const found = await (await this.top()).getStream(key);
    if (found) return { stream: found.stream, info: this.fromTop(found.info) };
    return orNothing(this.base.getStream(key));
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    if (this.layer.deleted.has(key)) return undefined;
    const found = await (await this.top()).head(key);
    return found ? this.fromTop(found) : this.base.head(key);
  }

  async copy(from: string, to: string): Promise<boolean> {
    const found = await this.get(from);
    if (!found) return false;
    return this.put(to, found.body, { metadata: found.metadata });
  }

  async delete(...keys: string[]): Promise<void> {
    await (await this.top()).delete(...keys);
    for (const key of keys) this.layer.deleted.add(key);
  }

  /** The union of both listings, in key order, without deleted keys. */
  async *list(prefix: string): AsyncGenerator<string> {
    const keys = new Set<string>();
    for await (const key of (await this.top()).list(prefix)) keys.add(key);
    try {
      for await (const key of this.base.list(prefix)) keys.add(key);
    } catch (err) {
      if (!(err instanceof BucketMissing)) throw err;
    }
    for (const key of [...keys].sort()) if (!this.layer.deleted.has(key)) yield key;
  }

  async abortUploads(): Promise<void> {}
}

/** A read of the real bucket; a bucket that is gone reads as empty (the scratch copy holds all there is). */
async function orNothing<T>(read: Promise<T | undefined>): Promise<T | undefined> {
  try {
    return await read;
  } catch (err) {
    if (err instanceof BucketMissing) return undefined;
    throw err;
  }
}
