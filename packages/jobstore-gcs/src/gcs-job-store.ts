import { ObjectJobStore, type ObjectStoreClient } from '@toil/jobstore-object';
import { clusterLabels } from './cluster-stores.js';
import { gcsEnv, gcsSettings } from './gcs-config.js';
import { readGcsKey } from './gcs-key.js';
import { parseGoogleLocator } from './locator.js';

/** Options of GcsJobStore. */
export interface GcsJobStoreOptions {
  /** The object store to use instead of GCS through the SDK (tests); the SDK is loaded only when this is absent. */
  client?: ObjectStoreClient;
}

/**
 * The job store on Google Cloud Storage (`google:<project>:<name>`): one bucket, `<name>--toil`, in the project,
 * driven by @toil/jobstore-object's ObjectJobStore (creates are uploads with `ifGenerationMatch=0`, replacements
 * with `ifGenerationMatch=<generation>`). With `--sseKey`, files are encrypted with that customer-supplied key.
 */
export class GcsJobStore extends ObjectJobStore {
  /** Open (not create) the store of a locator; nothing is contacted until the first operation. */
  constructor(locator: string, options: GcsJobStoreOptions = {}) {
    const where = parseGoogleLocator(locator);
    super({
      locator: where.locator,
      client: options.client,
      // The Google SDK loads here, on the first operation, never when the package is imported.
      openClient: async (keyPath) => {
        const settings = gcsSettings(where.project);
        const [key, { GcsObjectStore }] = await Promise.all([
          keyPath === undefined ? undefined : readGcsKey(keyPath),
          import('./gcs-object-store.js'),
        ]);
        return new GcsObjectStore(where.bucket, settings, key, clusterLabels());
      },
      env: () => gcsEnv(),
    });
  }
}
