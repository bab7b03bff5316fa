import { readKeyFile } from '@toil/jobstore-object';
import { GcsKeyError } from './errors.js';

/** Read and check an `--sseKey` file as a GCS customer-supplied encryption key (32 bytes, AES-256). */
export async function readGcsKey(path: string): Promise<Buffer> {
  return readKeyFile(path, (detail) => new GcsKeyError(path, detail));
}
