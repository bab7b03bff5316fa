import type { JobStorePlugin } from '@toil/core/backend';
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
} satisfies JobStorePlugin;
