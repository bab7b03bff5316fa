import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { destroyClusterJobStores } from '@toil/core/internal';
import { testConfig } from '@toil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterStoresHook, findClusterJobStores } from './cluster-stores.js';
import { writeFakeCredentials } from './fake/credentials.js';
import { FakeGcsServer } from './fake/server.js';
import { GcsJobStore } from './gcs-job-store.js';
import { plugin } from './plugin.js';

// The google: store through the real @google-cloud/storage client against this package's in-process fake of the
// JSON API (fake-backed: no GCS emulator exists here).
const fake = new FakeGcsServer({ tokens: ['good-token'] });
const PROJECT = 'toil-test-project';
let credentials: string;
const saved = { ...process.env };
const run = Date.now().toString(36);

beforeAll(async () => {
  const url = await fake.start();
  credentials = await writeFakeCredentials(url, 'good-token');
  process.env.TOIL_GCS_ENDPOINT = url;
  process.env.GOOGLE_APPLICATION_CREDENTIALS = credentials;
  process.env.GOOGLE_CLOUD_PROJECT = PROJECT;
});

afterAll(async () => {
  process.env = saved;
  await fake.stop();
  await rm(dirname(credentials), { recursive: true, force: true });
});

/** Initialize a store as `toil run` does, with TOIL_CLUSTER_NAME as a cluster leader's boot sets it (or unset). */
async function storeMadeOn(cluster: string | undefined, name: string): Promise<GcsJobStore> {
  if (cluster === undefined) delete process.env.TOIL_CLUSTER_NAME;
  else process.env.TOIL_CLUSTER_NAME = cluster;
  try {
    const store = new GcsJobStore(`google:${PROJECT}:${name}`);
    await store.initialize(testConfig({ jobStore: store.locator }));
    return store;
  } finally {
    delete process.env.TOIL_CLUSTER_NAME;
  }
}

describe("a cluster's google: job stores, fake-backed", () => {
  it("labels a store's bucket toil-cluster=<cluster> only when made on a cluster's leader", async () => {
    await storeMadeOn(`gl-${run}`, `gl-${run}-a`);
    await storeMadeOn(undefined, `gl-${run}-b`);
    expect(fake.buckets.get(`gl-${run}-a--toil`)?.labels).toEqual({ 'toil-cluster': `gl-${run}` });
    expect(fake.buckets.get(`gl-${run}-b--toil`)?.labels).toBeUndefined();
    expect(await findClusterJobStores(`gl-${run}`, PROJECT)).toEqual([`google:${PROJECT}:gl-${run}-a`]);
  });

  it("destroy-cluster's hook destroys exactly that cluster's stores; another cluster's and an unlabelled one stay", async () => {
    const mine = [await storeMadeOn(`gd-${run}`, `gd-${run}-a`), await storeMadeOn(`gd-${run}`, `gd-${run}-b`)];
    const others = [await storeMadeOn(`gd-${run}-x`, `gd-${run}-c`), await storeMadeOn(undefined, `gd-${run}-d`)];
    const out = await destroyClusterJobStores(`gd-${run}`, [plugin]);
    expect(out.removed.sort()).toEqual(mine.map((s) => s.locator).sort());
    expect(out.warnings).toEqual([]);
    expect(out.failures).toEqual([]);
    expect(fake.buckets.has(`gd-${run}-a--toil`)).toBe(false);
    expect(fake.buckets.has(`gd-${run}-b--toil`)).toBe(false);
    for (const s of others) expect(await s.exists()).toBe(true);
    expect((await destroyClusterJobStores(`gd-${run}`, [plugin])).removed).toEqual([]);
  });

  it('a refused token is one warning line naming GCS and the gcloud listing; nothing is destroyed', async () => {
    const kept = await storeMadeOn(`gw-${run}`, `gw-${run}-a`);
    const bad = await writeFakeCredentials(String(process.env.TOIL_GCS_ENDPOINT), 'wrong-token');
    process.env.GOOGLE_APPLICATION_CREDENTIALS = bad;
    let out;
    try {
      out = await destroyClusterJobStores(`gw-${run}`, [plugin]);
    } finally {
      process.env.GOOGLE_APPLICATION_CREDENTIALS = credentials;
      await rm(dirname(bad), { recursive: true, force: true });
    }
    expect(out.removed).toEqual([]);
    expect(out.failures).toEqual([]);
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]).toMatch(
      new RegExp(`^could not list the job stores of cluster 'gw-${run}' on Google Cloud Storage`),
    );
    expect(out.warnings[0]).toContain(
      `gcloud storage buckets list --project ${PROJECT} --filter=labels.toil-cluster=gw-${run}`,
    );
    expect(out.warnings[0]).not.toContain('\n');
    expect(await kept.exists()).toBe(true);
  });

  it('is skipped (no hook) where nothing says GCS is used', () => {
    const none = { CLOUDSDK_CONFIG: '/nonexistent' };
    expect(clusterStoresHook(none)).toBeUndefined();
    // the rig's GCE settings alone (a project, a private Compute endpoint) do not mean GCS is there
    expect(clusterStoresHook({ ...none, TOIL_GCE_PROJECT: 'p-123456', TOIL_GCE_ENDPOINT: 'http://x' })).toBeUndefined();
    const hook = clusterStoresHook({ ...none, TOIL_GCE_PROJECT: 'p-123456', GOOGLE_APPLICATION_CREDENTIALS: '/k' });
    expect(hook?.manualListCommand('c')).toContain('--project p-123456');
  });
});
