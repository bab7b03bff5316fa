import { readKeyFile } from '@toil/jobstore-object';
import { SseKeyError } from './errors.js';

/**
 * Read and check an `--sseKey` file (32 bytes, one trailing newline allowed). The key is returned as a binary
 * string, the form the SDK's SSECustomerKey takes (it base64-encodes it and adds the MD5).
 */
export async function readSseKey(path: string): Promise<string> {
  const key = await readKeyFile(path, (detail) => new SseKeyError(path, detail));
  return key.toString('latin1');
}
