import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ClusterJobStores } from '@toil/core/backend';
import { gcsSettings } from './gcs-config.js';

/**
 * Which `google:` job stores belong to a Toil cluster, so `toil destroy-cluster` removes them and nothing else. A
 * store made on a cluster's leader (whose boot exports TOIL_CLUSTER_NAME) labels its bucket `toil-cluster=<cluster>`
 * (cluster names are lowercase letters, digits and dashes, valid label values), as @toil/jobstore-aws tags its S3
 * buckets; buckets are found by that label, never by name.
 */

/** The bucket label key (GCS label keys are lowercase, so not the EC2 tag's `ToilClusterName`). */
export const CLUSTER_LABEL = 'toil-cluster';

/** The suffix of every job store's bucket (`<name>--toil`). */
const BUCKET_SUFFIX = '--toil';

/** Bucket labels a new job store gets in this process: the cluster it runs in, if any. */
export function clusterLabels(env: NodeJS.ProcessEnv = process.env): Record<string, string> | undefined {
  const cluster = env.TOIL_CLUSTER_NAME;
  return cluster ? { [CLUSTER_LABEL]: cluster } : undefined;
}

/**
 * The locators (`google:<project>:<name>`) of the project's job stores labelled as the cluster's, on GCS or the
 * server of TOIL_GCS_ENDPOINT. The SDK is loaded here, on the call.
 */
export async function findClusterJobStores(
  clusterName: string,
  project: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string[]> {
  const { Storage } = await import('@google-cloud/storage');
  const settings = gcsSettings(project, env);
  const storage = new Storage({
    projectId: project,
    apiEndpoint: settings.endpoint,
    useAuthWithCustomEndpoint: settings.endpoint === undefined ? undefined : settings.authenticate,
    // A listing is read-only: a refused or unreachable service should be a warning in seconds, not after retries.
    retryOptions: { autoRetry: true, maxRetries: 1 },
  });
  // The SDK pages through the whole listing (autoPaginate); a bucket's labels come with it.
  const [buckets] = await storage.getBuckets();
  return buckets
    .filter((b) => b.name.endsWith(BUCKET_SUFFIX) && b.metadata.labels?.[CLUSTER_LABEL] === clusterName)
    .map((b) => `google:${project}:${b.name.slice(0, -BUCKET_SUFFIX.length)}`);
}

/**
 * The `clusterStores` hook of the `google` plugin (core's `ClusterJobStores`), or undefined when this machine has no
 * way to reach GCS (no TOIL_GCS_ENDPOINT, no GOOGLE_APPLICATION_CREDENTIALS, no gcloud application-default
 * credentials file), so a user without Google storage is never warned about it. A project variable alone is not
 * enough: the test rig exports TOIL_GCE_PROJECT for its private Compute endpoint with no GCS behind it. The listed
 * project is GOOGLE_CLOUD_PROJECT, else TOIL_GCE_PROJECT (where a GCE cluster's leader makes its stores).
 */
export function clusterStoresHook(env: NodeJS.ProcessEnv = process.env): ClusterJobStores | undefined {
  const project = env.GOOGLE_CLOUD_PROJECT || env.TOIL_GCE_PROJECT;
  const adc = join(env.CLOUDSDK_CONFIG ?? join(homedir(), '.config', 'gcloud'), 'application_default_credentials.json');
  if (!env.TOIL_GCS_ENDPOINT && !env.GOOGLE_APPLICATION_CREDENTIALS && !existsSync(adc)) return undefined;
  return {
    service: env.TOIL_GCS_ENDPOINT ? `Google Cloud Storage (${env.TOIL_GCS_ENDPOINT})` : 'Google Cloud Storage',
    find: (clusterName) => {
      if (!project) {
        return Promise.reject(new Error('no project to list: set GOOGLE_CLOUD_PROJECT (or TOIL_GCE_PROJECT)'));
      }
      return findClusterJobStores(clusterName, project, env);
    },
    manualListCommand: (clusterName) =>
      `'gcloud storage buckets list --project ${project ?? '<project>'} --filter=labels.${CLUSTER_LABEL}=${clusterName}'`,
  };
}
