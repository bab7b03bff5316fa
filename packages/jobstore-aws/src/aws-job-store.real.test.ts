import { randomBytes } from 'node:crypto';
import { afterAll, describe } from 'vitest';
import { describeJobStoreContract } from '@toil/testing';
import { AwsJobStore } from './aws-job-store.js';

// The contract suite on real Amazon S3, only with TOIL_TEST_AWS=1 (skipped otherwise, and reported as skipped,
// never as passed). Credentials come from the usual AWS variables or files (AWS_PROFILE, ~/.aws/credentials, ...);
// the region from TOIL_AWS_REGION or AWS_REGION (default us-west-2). Each store is a new throwaway bucket
// ('<name>--toil', the name random because S3 bucket names are global), destroyed after the suite.
const enabled = process.env.TOIL_TEST_AWS === '1';
const region = process.env.TOIL_AWS_REGION ?? process.env.AWS_REGION ?? 'us-west-2';
const run = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
let counter = 0;
const opened: AwsJobStore[] = [];

describe.skipIf(!enabled)('AwsJobStore on real S3 (TOIL_TEST_AWS=1)', () => {
  // Real S3, never the test server of tooling/start-s3.sh that another test file of this package points at.
  if (enabled) for (const name of ['TOIL_S3_HOST', 'TOIL_S3_PORT', 'TOIL_S3_USE_SSL']) delete process.env[name];
  afterAll(async () => {
    for (const store of opened) await store.destroy();
  });
  describeJobStoreContract(
    'AwsJobStore on real S3',
    async () => {
      const store = new AwsJobStore(`aws:${region}:toil-contract-${run}-${counter++}`);
      opened.push(store);
      return store;
    },
    { reopen: async (store) => new AwsJobStore(store.locator) },
  );
});
