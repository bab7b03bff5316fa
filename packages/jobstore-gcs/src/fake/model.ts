import { createHash } from 'node:crypto';
import { CRC32C } from '@google-cloud/storage';

/** Options of FakeGcsServer. */
export interface FakeGcsOptions {
  /**
   * Access tokens GCS accepts; with none given, requests need no token (as an emulator). A request with another
   * token is answered 401, one with a token of `forbiddenTokens` 403.
   */
  tokens?: string[];
  /** Tokens that are valid but have no permission on anything (403). */
  forbiddenTokens?: string[];
  /** Keys per listing page at most, whatever the client asks (small, to make clients page). */
  maxPageSize?: number;
}

/** One stored object of the fake. */
export interface FakeObject {
  name: string;
  data: Buffer;
  generation: number;
  metadata: Record<string, string>;
  contentType: string;
  /** The SHA-256 of the customer-supplied key it was written with (base64), if any. */
  keySha256?: string;
}

/** One bucket of the fake. */
export interface FakeBucket {
  name: string;
  project: string;
  /** The bucket's labels, as given at creation. */
  labels?: Record<string, string>;
  objects: Map<string, FakeObject>;
}

/** A JSON API error answer: HTTP status, the reason GCS gives, and a message. */
export class FakeError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

/** The object's checksums as GCS gives them (base64): the SDK checks uploads and downloads against these. */
export function hashes(data: Buffer): { md5Hash: string; crc32c: string } {
  const crc = new CRC32C();
  crc.update(data);
  return { md5Hash: createHash('md5').update(data).digest('base64'), crc32c: crc.toString() };
}

/** The JSON API's object resource. */
export function objectResource(bucket: string, o: FakeObject): Record<string, unknown> {
  return {
    kind: 'storage#object',
    id: `${bucket}/${o.name}/${o.generation}`,
    name: o.name,
    bucket,
    generation: String(o.generation),
    metageneration: '1',
    contentType: o.contentType,
    size: String(o.data.length),
    ...hashes(o.data),
    metadata: o.metadata,
    ...(o.keySha256 ? { customerEncryption: { encryptionAlgorithm: 'AES256', keySha256: o.keySha256 } } : {}),
  };
}

/**
 * The customer-supplied key of a request (`x-goog-encryption-*` headers, or the `x-goog-copy-source-` ones), as
 * its SHA-256, after the checks GCS makes: AES256, a 32-byte key, and a hash that matches it.
 */
export function requestKey(
  headers: Record<string, string | string[] | undefined>,
  prefix = 'x-goog-',
): string | undefined {
  const key = headers[`${prefix}encryption-key`];
  if (typeof key !== 'string') return undefined;
  if (headers[`${prefix}encryption-algorithm`] !== 'AES256') {
    throw new FakeError(400, 'customerEncryptionAlgorithmIsInvalid', 'The encryption algorithm must be AES256.');
  }
  const raw = Buffer.from(key, 'base64');
  if (raw.length !== 32) throw new FakeError(400, 'customerEncryptionKeyFormatIsInvalid', 'The key must be 32 bytes.');
  const sha = createHash('sha256').update(raw).digest('base64');
  if (headers[`${prefix}encryption-key-sha256`] !== sha) {
    throw new FakeError(400, 'customerEncryptionKeySha256IsInvalid', 'The key hash does not match the key.');
  }
  return sha;
}

/** Refuse to serve an object's bytes without the key it was written with, or with another one. */
export function checkReadKey(o: FakeObject, sha: string | undefined): void {
  if (o.keySha256 !== undefined && sha === undefined) {
    throw new FakeError(400, 'resourceIsEncryptedWithCustomerEncryptionKey', 'The object is encrypted with a key.');
  }
  if (o.keySha256 !== undefined && sha !== o.keySha256) {
    throw new FakeError(400, 'customerEncryptionKeyIsIncorrect', 'The key given is not the one of the object.');
  }
  if (o.keySha256 === undefined && sha !== undefined) {
    throw new FakeError(400, 'resourceNotEncryptedWithCustomerEncryptionKey', 'The object is not encrypted.');
  }
}

/** Apply `ifGenerationMatch` (0: must not exist) the way GCS does: 412 when it does not hold. */
export function checkGeneration(current: FakeObject | undefined, ifGenerationMatch: string | null): void {
  if (ifGenerationMatch === null) return;
  const holds =
    Number(ifGenerationMatch) === 0 ? current === undefined : current?.generation === Number(ifGenerationMatch);
  if (!holds) throw new FakeError(412, 'conditionNotMet', 'At least one of the pre-conditions did not hold.');
}
