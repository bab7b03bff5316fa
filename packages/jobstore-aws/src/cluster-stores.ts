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
