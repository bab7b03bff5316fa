import type { JobStorePlugin, UrlSchemePlugin } from '@toil/core/backend';
import { GcsJobStore } from './gcs-job-store.js';

/**
 * Plugin descriptor of the `google` job store (`google:<project>:<name>`). Cheap to import: GcsJobStore loads the
 * Google SDK only on its first operation, so `toil --help` or a `file:` workflow never pays for it.
 */
export const plugin = {
  kind: 'jobStore' as const,
  name: 'google',
  packageName: '@toil/jobstore-gcs',
  // Workers import this module by URL (the leader passes it on), so they need not resolve the package.
  moduleUrl: import.meta.url,
  create: (locator: string): GcsJobStore => new GcsJobStore(locator),
  // destroy-cluster's: the stores whose bucket a cluster's leader labelled with the cluster's name.
  clusterStores: async () => (await import('./cluster-stores.js')).clusterStoresHook(),
} satisfies JobStorePlugin;

/**
 * The `gs://` URL scheme for importFile/exportFile on any job store (`gs://<bucket>/<object>`); the SDK loads in
 * `load()`, when such a URL is first used.
 */
export const gsUrlScheme = {
  kind: 'urlScheme' as const,
  name: 'gs',
  packageName: '@toil/jobstore-gcs',
  moduleUrl: import.meta.url,
  load: async () => (await import('./gs-url.js')).gsUrlHandler(),
} satisfies UrlSchemePlugin;

/** Everything this package provides: the `google` job store and the `gs` URL scheme. */
export const plugins = [plugin, gsUrlScheme];
