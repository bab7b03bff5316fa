/**
 * @toil/jobstore-gcs: the job store on Google Cloud Storage (`google:<project>:<name>`) and the `gs://` URL scheme.
 */
export { GcsJobStore, type GcsJobStoreOptions } from './gcs-job-store.js';
export { parseGoogleLocator, MAX_NAME_LENGTH, type GoogleLocator } from './locator.js';
export { gcsSettings, type GcsSettings } from './gcs-config.js';
export {
  GcsAccessDeniedError,
  GcsBucketError,
  GcsKeyError,
  GcsKeyMismatchError,
  GcsUnreachableError,
} from './errors.js';
export { plugin, plugins, gsUrlScheme } from './plugin.js';
