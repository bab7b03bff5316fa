import { GetBucketTaggingCommand, S3Client } from '@aws-sdk/client-s3';
import { destroyClusterJobStores } from '@toil/core/internal';
import { testConfig } from '@toil/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { AwsJobStore } from './aws-job-store.js';
import { clusterStoresHook, findClusterJobStores } from './cluster-stores.js';
import { plugin } from './plugin.js';
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

  it("destroy-cluster's hook destroys exactly that cluster's stores; another cluster's and an untagged one stay", async () => {
    const mine = [await storeMadeOn(`ch-${run}`, `ch-${run}-a`), await storeMadeOn(`ch-${run}`, `ch-${run}-b`)];
    const others = [await storeMadeOn(`ch-${run}-x`, `ch-${run}-c`), await storeMadeOn(undefined, `ch-${run}-d`)];
    const out = await destroyClusterJobStores(`ch-${run}`, [plugin]);
    expect(out.removed.sort()).toEqual(mine.map((s) => s.locator).sort());
    expect(out.warnings).toEqual([]);
    expect(out.failures).toEqual([]);
    for (const s of mine) expect(await s.exists()).toBe(false);
    for (const s of others) expect(await s.exists()).toBe(true);
    expect((await destroyClusterJobStores(`ch-${run}`, [plugin])).removed).toEqual([]);
  });

  it('refused S3 credentials are one warning line naming S3 and the by-hand listing; nothing is destroyed', async () => {
    const kept = await storeMadeOn(`cw-${run}`, `cw-${run}-a`);
    const saved = process.env.AWS_SECRET_ACCESS_KEY;
    process.env.AWS_SECRET_ACCESS_KEY = 'not-the-secret';
    let out;
    try {
      out = await destroyClusterJobStores(`cw-${run}`, [plugin]);
    } finally {
      process.env.AWS_SECRET_ACCESS_KEY = saved;
    }
    expect(out.removed).toEqual([]);
    expect(out.failures).toEqual([]);
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]).toMatch(new RegExp(`^could not list the job stores of cluster 'cw-${run}' on S3 \\(`));
    expect(out.warnings[0]).toContain('SignatureDoesNotMatch');
    expect(out.warnings[0]).toContain(`Key=ToilClusterName,Values=cw-${run}`);
    expect(out.warnings[0]).not.toContain('not-the-secret');
    expect(out.warnings[0]).not.toContain('\n');
    expect(await kept.exists()).toBe(true);
  });

  it('is skipped (no hook) where nothing says S3 is used: no endpoint, no credentials, no ~/.aws files', () => {
    const none = { AWS_CONFIG_FILE: '/nonexistent/c', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/k' };
    expect(clusterStoresHook(none)).toBeUndefined();
    expect(clusterStoresHook({ ...none, AWS_PROFILE: 'p' })?.service).toBe('S3');
    expect(clusterStoresHook({ ...none, TOIL_S3_HOST: '127.0.0.1' })?.service).toBe('S3 (127.0.0.1)');
  });
});
