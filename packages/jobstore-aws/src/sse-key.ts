import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { SseKeyError } from './errors.js';

/** SSE-C keys are 256-bit AES keys; Toil's `--sseKey` file holds them as 32 characters. */
export const SSE_KEY_LENGTH = 32;

/**
 * Read and check an `--sseKey` file: exactly 32 bytes, one trailing newline allowed (editors add one). The key
 * is returned as a binary string, the form the SDK's SSECustomerKey takes (it base64-encodes it and adds the MD5).
 */
export async function readSseKey(path: string): Promise<string> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (err) {
    throw new SseKeyError(path, `it cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  const key = data.at(-1) === 0x0a ? data.subarray(0, -1) : data;
  if (key.length !== SSE_KEY_LENGTH) {
    throw new SseKeyError(path, `it holds ${key.length} bytes`);
  }
  return key.toString('latin1');
}

/** The key file's path made absolute on the leader, since workers may start in another directory. */
export function absoluteKeyPath(path: string): string {
  return isAbsolute(path) ? path : resolve(path);
}
