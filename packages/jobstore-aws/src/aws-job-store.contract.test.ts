import { afterAll, describe, expect, it } from 'vitest';
import { describeJobStoreContract } from '@toil/testing';
import { AwsJobStore } from './aws-job-store.js';
import { testS3Env } from './s3-test-env.js';

// The real S3 server of tooling/start-s3.sh (Ceph radosgw on 127.0.0.1), started by the test command.
const env = testS3Env();
describe('the test S3 server', () => {
  it('is running (bash tooling/start-s3.sh)', () => {
    expect(env, 'no /tmp/toil-s3-<uid>/env: run bash tooling/start-s3.sh').toBeDefined();
  });
});
Object.assign(process.env, env);
const run = Date.now().toString(36);
let counter = 0;
const opened: AwsJobStore[] = [];
afterAll(async () => {
  for (const store of opened) await store.destroy();
});

if (env) {
  describeJobStoreContract(
    'AwsJobStore on radosgw',
    async () => {
      const store = new AwsJobStore(`aws:us-east-1:contract-${run}-${counter++}`);
      opened.push(store);
      return store;
    },
    { reopen: async (store) => new AwsJobStore(store.locator) },
  );
}
