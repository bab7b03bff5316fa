import { Ec2Fake, HostManager } from '@toil/cloud-rig';
import { destroyWholeCluster } from '@toil/core/internal';
import { AwsJobStore, plugin as awsStorePlugin } from '@toil/jobstore-aws';
import { testConfig } from '@toil/testing';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsCluster } from './cluster.js';
import { clusterInstances } from './instances.js';
import { requireTestS3Env } from './testing/s3-env.js';

/**
 * destroy-cluster (core's destroyWholeCluster over this provisioner and the aws store plugin, as the CLI runs it)
 * removes the job stores the cluster's workflows made (buckets tagged with its name by a leader, whose boot exports
 * TOIL_CLUSTER_NAME), on the real test S3 server, and no other store; S3 refusing the credentials leaves the
 * instances removed and says so in one warning.
 */

const s3 = requireTestS3Env();
const tmp = mkdtempSync(join(tmpdir(), 'prov-destroy-'));
const hosts = new HostManager({ id: 'td', subnet: 233, stateRoot: join(tmp, 'state') });
const fake = new Ec2Fake({ hosts, listenHost: hosts.layout.bridgeIp, accessKeyId: s3.AWS_ACCESS_KEY_ID! });
const keyPath = join(tmp, 'id_ed25519');
const run = Date.now().toString(36);
const stores: AwsJobStore[] = [];

/** A store as `toil run` makes it on a cluster's leader (TOIL_CLUSTER_NAME set), or elsewhere (unset). */
async function storeMadeOn(cluster: string | undefined, name: string): Promise<AwsJobStore> {
  const saved = process.env.TOIL_CLUSTER_NAME;
  if (cluster === undefined) delete process.env.TOIL_CLUSTER_NAME;
  else process.env.TOIL_CLUSTER_NAME = cluster;
  try {
    const store = new AwsJobStore(`aws:us-east-1:${name}`);
    stores.push(store);
    await store.initialize(testConfig({ jobStore: store.locator }));
    await store.writeFileBytes('some output');
    return store;
  } finally {
    if (saved === undefined) delete process.env.TOIL_CLUSTER_NAME;
    else process.env.TOIL_CLUSTER_NAME = saved;
  }
}

describe('fake-backed destroy-cluster and the cluster job stores (real S3 server)', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    await hosts.up();
    await fake.start();
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', keyPath]);
    Object.assign(process.env, s3, {
      AWS_ENDPOINT_URL_EC2: fake.endpoint,
      AWS_EC2_METADATA_DISABLED: 'true',
      TOIL_AWS_AMI: 'ami-0a11fa4e00000001',
      TOIL_AWS_ZONE: 'us-east-1a',
      TOIL_CLUSTER_TOIL_CLI: resolve(import.meta.dirname, '../../../apps/cli/dist/cli.js'),
    });
    const { EC2Client, ImportKeyPairCommand } = await import('@aws-sdk/client-ec2');
    const c = new EC2Client({ region: 'us-east-1' });
    await c.send(
      new ImportKeyPairCommand({ KeyName: 'destroy-key', PublicKeyMaterial: readFileSync(`${keyPath}.pub`) }),
    );
    c.destroy();
  });
  afterAll(async () => {
    for (const store of stores) await store.destroy();
    await fake.stop();
    await hosts.sweep();
    rmSync(tmp, { recursive: true, force: true });
  });

  /** Launch a cluster with a leader only. */
  async function launched(name: string): Promise<AwsCluster> {
    const cluster = new AwsCluster({ clusterName: name });
    await cluster.launchCluster({
      leaderNodeType: 't2.micro',
      keyPairName: 'destroy-key',
      tags: {},
      leaderStorage: 10,
      nodeStorage: 10,
      nodeStorageOverrides: {},
      workers: [],
      extraSecurityGroupIds: [],
    });
    return cluster;
  }
  const warnings: string[] = [];
  /** What `toil destroy-cluster` runs, with this package's provisioner and the aws store plugin. */
  const destroy = (cluster: AwsCluster) =>
    destroyWholeCluster(cluster, cluster.clusterName, { warn: (l) => warnings.push(l), plugins: [awsStorePlugin] });

  it("removes the cluster's instances, group and its tagged job stores, and leaves every other store", async () => {
    const name = `cd${run}`;
    const cluster = await launched(name);
    const ours = [await storeMadeOn(name, `${name}-a`), await storeMadeOn(name, `${name}-b`)];
    const theirs = await storeMadeOn(`${name}x`, `${name}-c`); // another cluster, a name that starts the same
    const plain = await storeMadeOn(undefined, `${name}-d`); // made off any cluster

    const removed = await destroy(cluster);
    expect({ ...removed, jobStores: [...removed.jobStores].sort() }).toEqual({
      instances: 1,
      securityGroups: 1,
      jobStores: [`aws:us-east-1:${name}-a`, `aws:us-east-1:${name}-b`],
    });
    for (const store of ours) expect(await new AwsJobStore(store.locator).exists()).toBe(false);
    for (const store of [theirs, plain]) expect(await new AwsJobStore(store.locator).exists()).toBe(true);

    // a store the cluster left after its instances were gone is found and removed too; then nothing is left
    await storeMadeOn(name, `${name}-e`);
    expect(await destroy(cluster)).toEqual({
      instances: 0,
      securityGroups: 0,
      jobStores: [`aws:us-east-1:${name}-e`],
    });
    await expect(destroy(cluster)).rejects.toThrow(`No cluster named '${name}' exists`);
    expect(warnings).toEqual([]);
    cluster.close();
  });

  it('with S3 refusing the credentials, the instances and group still go and S3 is one warning line', async () => {
    const name = `cw${run}`;
    const cluster = await launched(name);
    const kept = await storeMadeOn(name, `${name}-a`);
    const secret = process.env.AWS_SECRET_ACCESS_KEY;
    // The EC2 fake checks only the access key ID; the real S3 server checks the signature, so only S3 refuses.
    process.env.AWS_SECRET_ACCESS_KEY = 'wrong-secret';
    try {
      expect(await destroy(cluster)).toEqual({ instances: 1, securityGroups: 1, jobStores: [] });
    } finally {
      process.env.AWS_SECRET_ACCESS_KEY = secret;
    }
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      new RegExp(`^could not list the job stores of cluster '${name}' on S3 .*SignatureDoesNotMatch`),
    );
    expect(warnings[0]).toContain(`Key=ToilClusterName,Values=${name}`);
    expect(warnings[0]).not.toContain('wrong-secret');
    expect(await clusterInstances(cluster.ec2, name)).toEqual([]);
    expect(await new AwsJobStore(kept.locator).exists()).toBe(true);
    // with S3 back, a second destroy finds the store the first could not list and removes it
    warnings.length = 0;
    expect(await destroy(cluster)).toEqual({ instances: 0, securityGroups: 0, jobStores: [kept.locator] });
    expect(warnings).toEqual([]);
    cluster.close();
  });
});
