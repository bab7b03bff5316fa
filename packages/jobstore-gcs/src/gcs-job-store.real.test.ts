import { describe } from 'vitest';
import { describeJobStoreContract } from '@toil/testing';
import { GcsJobStore } from './gcs-job-store.js';

// The contract suite on real Google Cloud Storage, only with TOIL_TEST_GCS=1 (skipped otherwise, and reported as
// skipped, never as passed). Needs TOIL_GOOGLE_PROJECTID (Toil's variable for test job stores) and credentials
// (GOOGLE_APPLICATION_CREDENTIALS or gcloud's application-default login); each store is a new bucket, destroyed.
const enabled = process.env.TOIL_TEST_GCS === '1';
const project = process.env.TOIL_GOOGLE_PROJECTID ?? '';
const run = Date.now().toString(36);
let counter = 0;

describe.skipIf(!enabled)('GcsJobStore on real GCS (TOIL_TEST_GCS=1)', () => {
  describeJobStoreContract(
    'GcsJobStore on real GCS',
    async () => new GcsJobStore(`google:${project}:toil-contract-${run}-${counter++}`),
    { reopen: async (store) => new GcsJobStore(store.locator) },
  );
});
