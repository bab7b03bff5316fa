import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { NoSuchFileError } from '@toil/core';
import { randomId, type ReadFileOptions, type WriteFileOptions } from '@toil/core/backend';
import { Keys, newFileId, ownerOf } from './keys.js';
import type { ObjectInfo, ObjectStoreClient } from './object-store.js';

/** Files up to this size go up in one PUT (conditional where needed); larger ones in parts. */
export const SINGLE_PUT_LIMIT = 16 * 1024 * 1024;
/** How often a conditional replace is tried when other writers keep changing the object. */
const REPLACE_TRIES = 10;

/** The executable bit travels as user metadata. */
export function fileMetadata(executable: boolean): Record<string, string> {
  return { executable: executable ? '1' : '0' };
}

/** Job-store files as objects under `files/`: written whole (PUT or multipart), replaced with If-Match. */
export class ObjectFiles {
  constructor(private readonly objects: () => Promise<ObjectStoreClient>) {}

  /** A stored file's info, or NoSuchFileError. */
  async info(fileId: string): Promise<ObjectInfo> {
    const info = ownerOf(fileId) === null ? undefined : await (await this.objects()).head(Keys.file(fileId));
    if (!info) throw new NoSuchFileError(fileId);
    return info;
  }

  async tryInfo(fileId: string): Promise<ObjectInfo | undefined> {
    return ownerOf(fileId) === null ? undefined : (await this.objects()).head(Keys.file(fileId));
  }

  async writeBytes(data: Uint8Array | string, options?: WriteFileOptions, id?: string): Promise<string> {
    const fileId = id ?? newFileId(options?.ownerJobId, options?.basename);
    await (
      await this.objects()
    ).put(Keys.file(fileId), Buffer.from(data), {
      metadata: fileMetadata(options?.executable ?? false),
    });
    return fileId;
  }

  async writeLocal(localPath: string, options?: WriteFileOptions): Promise<string> {
    const st = await stat(localPath);
    const executable = options?.executable ?? (st.mode & 0o111) !== 0;
    const fileId = newFileId(options?.ownerJobId, options?.basename ?? basename(localPath));
    await this.uploadLocal(Keys.file(fileId), localPath, st.size, fileMetadata(executable));
    return fileId;
  }

  /** Upload a local file: small ones read whole (a plain PUT), large ones streamed in parts. */
  async uploadLocal(key: string, localPath: string, size: number, metadata: Record<string, string>): Promise<void> {
    const store = await this.objects();
    if (size <= SINGLE_PUT_LIMIT) {
      await store.put(key, await readFile(localPath), { metadata });
    } else {
      await store.upload(key, createReadStream(localPath), metadata);
    }
  }

  /** A new file filled through a stream: it appears only when the upload completes, and not at all on failure. */
  async writeStream(
    fill: (stream: Writable, fileId: string) => Promise<void>,
    options?: WriteFileOptions,
  ): Promise<string> {
    const store = await this.objects();
    const fileId = newFileId(options?.ownerJobId, options?.basename);
    const body = new PassThrough();
    const abort = new AbortController();
    const uploading = store.upload(Keys.file(fileId), body, fileMetadata(options?.executable ?? false), abort.signal);
    // Never an unhandled rejection: the failure is read below, after fill.
    uploading.catch(() => undefined);
    try {
      await fill(body, fileId);
      if (!body.writableEnded) body.end();
    } catch (err) {
      abort.abort();
      body.destroy();
      await uploading.catch(() => undefined);
      await store.delete(Keys.file(fileId));
      throw err;
    }
    await uploading;
    return fileId;
  }

  /** Replace an existing file's bytes, keeping its metadata; a deleted file stays deleted (If-Match). */
  async replace(fileId: string, data: Buffer): Promise<void> {
    const store = await this.objects();
    for (let attempt = 0; attempt < REPLACE_TRIES; attempt++) {
      const info = await this.info(fileId);
      if (await store.put(Keys.file(fileId), data, { ifMatch: info.version, metadata: info.metadata })) return;
    }
    throw new Error(`The file '${fileId}' kept changing during ${REPLACE_TRIES} attempts to replace it.`);
  }

  /** Replace an existing file from a local path (large files in parts, after checking that it exists). */
  async replaceFromLocal(fileId: string, localPath: string): Promise<void> {
    const size = (await stat(localPath)).size;
    if (size <= SINGLE_PUT_LIMIT) {
      return this.replace(fileId, await readFile(localPath));
    }
    // Multipart uploads cannot be conditional on radosgw: only the existence check guards this rare case.
    const info = await this.info(fileId);
    await this.uploadLocal(Keys.file(fileId), localPath, size, info.metadata);
  }

  async readStream(fileId: string): Promise<{ stream: Readable; info: ObjectInfo }> {
    const found = ownerOf(fileId) === null ? undefined : await (await this.objects()).getStream(Keys.file(fileId));
    if (!found) throw new NoSuchFileError(fileId);
    return found;
  }

  async readBytes(fileId: string): Promise<Buffer> {
    const found = ownerOf(fileId) === null ? undefined : await (await this.objects()).get(Keys.file(fileId));
    if (!found) throw new NoSuchFileError(fileId);
    return found.body;
  }

  /**
   * Download to a local path through a temp file next to it, renamed into place, so an existing (even read-only)
   * file is replaced whole. Immutable reads are read-only, as in the file store.
   */
  async readToLocal(fileId: string, localPath: string, options?: ReadFileOptions): Promise<void> {
    const { stream, info } = await this.readStream(fileId);
    const executable = info.metadata.executable === '1';
    const mode = options?.mutable ? (executable ? 0o755 : 0o644) : executable ? 0o555 : 0o444;
    await downloadTo(stream, localPath, mode);
  }
}

/** Stream into `dest` atomically (temp file next to it, then rename) with an exact mode. */
export async function downloadTo(stream: Readable, dest: string, mode: number): Promise<void> {
  const temp = join(dirname(dest), `.${basename(dest)}.${randomId('tmp')}`);
  try {
    await pipeline(stream, createWriteStream(temp, { mode: 0o600 }));
    await chmod(temp, mode);
    await rename(temp, dest);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}
