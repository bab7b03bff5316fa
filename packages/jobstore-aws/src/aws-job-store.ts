import { ObjectJobStore, type ObjectStoreClient } from '@toil/jobstore-object';
import { clusterTags } from './cluster-stores.js';
import { parseAwsLocator } from './locator.js';
import { s3Env, s3Settings } from './s3-config.js';
import { readSseKey } from './sse-key.js';

/** Options of AwsJobStore. */
export interface AwsJobStoreOptions {
  /** The object store to use instead of S3 through the SDK (tests); the SDK is loaded only when this is absent. */
  client?: ObjectStoreClient;
}

/**
 * The job store on S3 alone (`aws:<region>:<name>`): one bucket, `<name>--toil`, driven by @toil/jobstore-object's
 * ObjectJobStore (exclusive creates are `PUT If-None-Match: *`, replacements `PUT If-Match: <etag>`). This class
 * adds only the locator rules and how to open the S3 client; `--sseKey` files are encrypted with SSE-C.
 */
export class AwsJobStore extends ObjectJobStore {
  /** Open (not create) the store of a locator; nothing is contacted until the first operation. */
  constructor(locator: string, options: AwsJobStoreOptions = {}) {
    const where = parseAwsLocator(locator);
    super({
      locator: where.locator,
      client: options.client,
      // The AWS SDK loads here, on the first operation, never when the package is imported.
      openClient: async (keyPath) => {
        const [key, { S3ObjectStore }] = await Promise.all([
          keyPath === undefined ? undefined : readSseKey(keyPath),
          import('./s3-object-store.js'),
        ]);
        return new S3ObjectStore(where.bucket, s3Settings(where.region), key, clusterTags());
      },
      env: () => s3Env(),
    });
  }
}
