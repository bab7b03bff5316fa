import type { UrlSchemeHandler } from '@toil/core/backend';
import { objectUrlHandler, parseObjectUrl } from '@toil/jobstore-object';
import { gcsSettings } from './gcs-config.js';
import { GcsObjectStore } from './gcs-object-store.js';

/** `gs://<bucket>/<object>`, parsed. */
export function parseGsUrl(url: string): { bucket: string; key: string } {
  return parseObjectUrl('gs', url, 'object');
}

/**
 * Object requests name no project, but without one Google's auth library looks one up over the network for some
 * credentials (external accounts ask the Resource Manager API), so a placeholder stands in for it.
 */
const NO_PROJECT = 'toil-gs-urls';

/**
 * The `gs://` URL scheme: objects of any bucket the credentials reach (on the server of TOIL_GCS_ENDPOINT when
 * set), in GOOGLE_CLOUD_PROJECT when set.
 */
export function gsUrlHandler(env: NodeJS.ProcessEnv = process.env): UrlSchemeHandler {
  const project = env.GOOGLE_CLOUD_PROJECT || NO_PROJECT;
  return objectUrlHandler(parseGsUrl, (bucket) => new GcsObjectStore(bucket, gcsSettings(project, env)));
}
