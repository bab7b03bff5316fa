import type { JobStorePlugin } from '@toil/core/backend';
import { FileJobStore } from './file-job-store.js';

/**
 * Plugin descriptor the CLI's backend registry loads lazily: job store `file`, opened with `file:<absolute path>`.
 * Relative paths are rejected with InvalidLocatorError; the CLI makes them absolute first.
 */
export const plugin = {
  kind: 'jobStore' as const,
  name: 'file',
  packageName: '@toil/jobstore-file',
  // Workers import this module by URL (the leader passes it on), so they need not resolve the package.
  moduleUrl: import.meta.url,
  create: (locator: string): FileJobStore => new FileJobStore(locator),
} satisfies JobStorePlugin;
