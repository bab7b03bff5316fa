import type { Readable } from 'node:stream';
import { ToilError } from '@toil/core';
import type { JobStore } from '@toil/core/backend';
import { expect } from 'vitest';

/** What each part of the contract suite gets; the fields are replaced before every test. */
export interface ContractContext {
  /** An initialized store, destroyed after the test. */
  store: JobStore;
  /** A scratch directory for local files, removed after the test. */
  dir: string;
  /** A new store that is not initialized yet (destroyed after the test). */
  fresh(): Promise<JobStore>;
  /** Open a second instance on the same storage, if the implementation can. */
  reopen?: (store: JobStore) => Promise<JobStore>;
}

/** Options of `describeJobStoreContract`. */
export interface ContractOptions {
  /**
   * Open a second instance on the storage of `store` (same locator), as another process would. Enables the tests
   * that check data survives across instances.
   */
  reopen?: (store: JobStore) => Promise<JobStore>;
}

/**
 * Assert that `promise` rejects with a ToilError of the given code and return the error. Matching on the brand and
 * the code (not `instanceof`) works when the store and the suite load different copies of @toil/core.
 */
export async function expectToilError(promise: Promise<unknown>, code: string): Promise<ToilError> {
  let error: unknown;
  try {
    await promise;
  } catch (err) {
    error = err;
  }
  expect(error, `expected a ToilError with code ${code}`).toBeDefined();
  expect(ToilError.is(error), `expected a ToilError, got ${String(error)}`).toBe(true);
  expect((error as ToilError).code).toBe(code);
  return error as ToilError;
}

/** Collect a stream into one buffer. */
export async function streamBytes(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

/** Collect an async iterable. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Bytes 0..255 repeated to `length`: catches encoding mistakes that text would hide. */
export function binaryData(length: number): Buffer {
  const data = Buffer.alloc(length);
  for (let i = 0; i < length; i++) data[i] = (i * 7 + (i >> 8)) & 0xff;
  return data;
}
