import type { JobStorePlugin, UrlSchemePlugin } from '@toil/core/backend';
import { AwsJobStore } from './aws-job-store.js';

/**
 * Plugin descriptor of the `aws` job store (`aws:<region>:<name>`). Cheap to import: AwsJobStore loads the AWS
 * SDK only on its first operation, so `toil --help` or a `file:` workflow never pays for it.
 */
export const plugin = {
  kind: 'jobStore' as const,
  name: 'aws',
  packageName: '@toil/jobstore-aws',
  // Workers import this module by URL (the leader passes it on), so they need not resolve the package.
  moduleUrl: import.meta.url,
  create: (locator: string): AwsJobStore => new AwsJobStore(locator),
  // destroy-cluster's: the stores whose bucket a cluster's leader tagged with the cluster's name.
  clusterStores: async () => (await import('./cluster-stores.js')).clusterStoresHook(),
} satisfies JobStorePlugin;

/**
 * The `s3://` URL scheme for importFile/exportFile on any job store (`s3://<bucket>/<key>`); the SDK loads in
 * `load()`, when such a URL is first used.
 */
export const s3UrlScheme = {
  kind: 'urlScheme' as const,
  name: 's3',
  packageName: '@toil/jobstore-aws',
  moduleUrl: import.meta.url,
  load: async () => (await import('./s3-url.js')).s3UrlHandler(),
} satisfies UrlSchemePlugin;

/** Everything this package provides: the `aws` job store and the `s3` URL scheme. */
export const plugins = [plugin, s3UrlScheme];
