import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ClusterJobStores } from '@toil/core/backend';
import { s3Settings } from './s3-config.js';

/**
 * Which job stores belong to a Toil cluster, so `toil destroy-cluster` removes them and nothing else. A store made
 * on a cluster's leader (whose boot exports TOIL_CLUSTER_NAME) tags its bucket `ToilClusterName=<cluster>`, as the
 * cluster's instances, volumes and security group are tagged; buckets are found by that tag, never by name, so a
 * store someone else made with a similar name is left alone.
 */

/** The tag key, the same as on the cluster's EC2 resources. */
export const CLUSTER_TAG = 'ToilClusterName';

/** Bucket tags a new job store gets in this process: the cluster it runs in, if any. */
export function clusterTags(env: NodeJS.ProcessEnv = process.env): Record<string, string> | undefined {
  const cluster = env.TOIL_CLUSTER_NAME;
  return cluster ? { [CLUSTER_TAG]: cluster } : undefined;
}

/** The suffix of every job store's bucket (`<name>--toil`). */
const BUCKET_SUFFIX = '--toil';

/**
 * The locators (`aws:<region>:<name>`) of the job stores tagged as the cluster's, on the S3 of TOIL_S3_* (or AWS).
 * The SDK is loaded here, on the call, never when the package is imported.
 */
export async function findClusterJobStores(
  clusterName: string,
  region: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string[]> {
  const { GetBucketTaggingCommand, ListBucketsCommand, S3Client } = await import('@aws-sdk/client-s3');
  const settings = s3Settings(region, env);
  const client = new S3Client({
    region,
    endpoint: settings.endpoint,
    forcePathStyle: settings.endpoint !== undefined,
    // A bucket of another region answers with a redirect: follow it rather than miss a cluster's bucket.
    followRegionRedirects: true,
  });
  try {
    const found: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new ListBucketsCommand({ ContinuationToken: token }));
      for (const bucket of page.Buckets ?? []) {
        const name = bucket.Name ?? '';
        if (!name.endsWith(BUCKET_SUFFIX)) continue;
        const tags = await client.send(new GetBucketTaggingCommand({ Bucket: name })).catch((error: unknown) => {
          // An untagged bucket answers NoSuchTagSet; one deleted meanwhile, NoSuchBucket: neither is the cluster's.
          if (['NoSuchTagSet', 'NoSuchBucket'].includes((error as { name?: string }).name ?? '')) return undefined;
          throw error;
        });
        if (tags?.TagSet?.some((t) => t.Key === CLUSTER_TAG && t.Value === clusterName))
          found.push(`aws:${bucket.BucketRegion ?? region}:${name.slice(0, -BUCKET_SUFFIX.length)}`);
      }
      token = page.ContinuationToken;
    } while (token);
    return found;
  } finally {
    client.destroy();
  }
}

/**
 * The `clusterStores` hook of the `aws` plugin (core's `ClusterJobStores`), or undefined when this machine has no
 * sign of S3 access (no TOIL_S3_HOST, no AWS credentials in the environment or ~/.aws): destroy-cluster then says
 * nothing about S3, so a GCE user without AWS is not warned about a service they never use. Buckets are listed in
 * AWS_REGION (us-east-1 by default); ListBuckets is global and buckets of other regions are followed.
 */
export function clusterStoresHook(env: NodeJS.ProcessEnv = process.env): ClusterJobStores | undefined {
  const awsDir = env.AWS_CONFIG_FILE ?? join(homedir(), '.aws', 'config');
  const signs = [env.TOIL_S3_HOST, env.AWS_ACCESS_KEY_ID, env.AWS_PROFILE, env.AWS_WEB_IDENTITY_TOKEN_FILE];
  const files = [env.AWS_SHARED_CREDENTIALS_FILE ?? join(homedir(), '.aws', 'credentials'), awsDir];
  if (!signs.some((v) => v) && !files.some((f) => existsSync(f))) return undefined;
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1';
  return {
    service: env.TOIL_S3_HOST ? `S3 (${env.TOIL_S3_HOST})` : 'S3',
    find: (clusterName) => findClusterJobStores(clusterName, region, env),
    manualListCommand: (clusterName) =>
      `'aws resourcegroupstaggingapi get-resources --resource-type-filters s3 --tag-filters ` +
      `Key=${CLUSTER_TAG},Values=${clusterName}' (buckets named <store>${BUCKET_SUFFIX})`,
  };
}
