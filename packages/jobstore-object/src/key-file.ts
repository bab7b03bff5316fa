import { readFile } from 'node:fs/promises';

/** Customer keys (S3's SSE-C, GCS's customer-supplied keys) are AES-256 keys; Toil's `--sseKey` file holds 32. */
export const KEY_LENGTH = 32;

/**
 * Read and check an `--sseKey` file: exactly 32 bytes, one trailing newline allowed (editors add one). A file
 * that cannot be read or holds another length is reported through `fail(detail)`, so each store keeps its own
 * error class and remedy.
 */
export async function readKeyFile(path: string, fail: (detail: string) => Error): Promise<Buffer> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (err) {
    throw fail(`it cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  const key = data.at(-1) === 0x0a ? data.subarray(0, -1) : data;
  if (key.length !== KEY_LENGTH) throw fail(`it holds ${key.length} bytes`);
  return key;
}
