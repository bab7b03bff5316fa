import { GetBucketTaggingCommand, S3Client } from '@aws-sdk/client-s3';
import { testConfig } from '@toil/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { AwsJobStore } from './aws-job-store.js';
import { findClusterJobStores } from './cluster-stores.js';
import { testS3Env } from './s3-test-env.js';

// The real S3 server of tooling/start-s3.sh (Ceph radosgw on 127.0.0.1), started by the test command.
const env = testS3Env();
Object.assign(process.env, env);
const run = Date.now().toString(36);
const made: AwsJobStore[] = [];

/** Initialize a store as `toil run` does, with TOIL_CLUSTER_NAME as a cluster leader's boot sets it (or unset). */
async function storeMadeOn(cluster: string | undefined, name: string): Promise<AwsJobStore> {
  const saved = process.env.TOIL_CLUSTER_NAME;
  if (cluster === undefined) delete process.env.TOIL_CLUSTER_NAME;
  else process.env.TOIL_CLUSTER_NAME = cluster;
  try {
    const store = new AwsJobStore(`aws:us-east-1:${name}`);
    made.push(store);
    await store.initialize(testConfig({ jobStore: store.locator }));
    return store;
  } finally {
    if (saved === undefined) delete process.env.TOIL_CLUSTER_NAME;
    else process.env.TOIL_CLUSTER_NAME = saved;
  }
}

afterAll(async () => {
  for (const store of made) await store.destroy();
});

describe('job stores of a cluster (real radosgw)', () => {
  it('is running (bash tooling/start-s3.sh)', () => {
    expect(env, 'no /tmp/toil-s3-<uid>/env: run bash tooling/start-s3.sh').toBeDefined();
  });

  it("tags a store's bucket with the leader's cluster, and finds exactly that cluster's stores", async () => {
    await storeMadeOn(`cs-${run}`, `cs-${run}-a`);
    await storeMadeOn(`cs-${run}`, `cs-${run}-b`);
    await storeMadeOn(`cs-${run}-other`, `cs-${run}-c`);
    await storeMadeOn(undefined, `cs-${run}-d`);
    const s3 = new S3Client({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${env!.TOIL_S3_PORT}`,
      forcePathStyle: true,
    });
    const tags = await s3.send(new GetBucketTaggingCommand({ Bucket: `cs-${run}-a--toil` }));
    expect(tags.TagSet).toEqual([{ Key: 'ToilClusterName', Value: `cs-${run}` }]);
    await expect(s3.send(new GetBucketTaggingCommand({ Bucket: `cs-${run}-d--toil` }))).rejects.toMatchObject({
      name: 'NoSuchTagSet',
    });
    s3.destroy();

    expect((await findClusterJobStores(`cs-${run}`, 'us-east-1')).sort()).toEqual([
      `aws:us-east-1:cs-${run}-a`,
      `aws:us-east-1:cs-${run}-b`,
    ]);
    expect(await findClusterJobStores(`cs-${run}-other`, 'us-east-1')).toEqual([`aws:us-east-1:cs-${run}-c`]);
    expect(await findClusterJobStores(`cs-${run}-none`, 'us-east-1')).toEqual([]);
  });
});
