import { ToilError } from '@toil/core';
import { ClusterJobStoresError } from './errors.js';

/**
 * The job stores a cluster's workflows made: `aws:` stores whose bucket a leader tagged with the cluster's name
 * (@toil/jobstore-aws, `findClusterJobStores`). destroy-cluster destroys them after the cluster's instances, so no
 * workflow still writes to them. @toil/jobstore-aws, and with it the S3 SDK, is loaded only here.
 */

/** Find the cluster's job stores and destroy each; resolves with their locators. */
export async function destroyClusterJobStores(clusterName: string, region: string): Promise<string[]> {
  return oneLine(clusterName, async () => {
    const { AwsJobStore, findClusterJobStores } = await import('@toil/jobstore-aws');
    const stores = await findClusterJobStores(clusterName, region);
    for (const locator of stores) await new AwsJobStore(locator).destroy();
    return stores;
  });
}

/** Only look for the cluster's stores, deleting nothing. */
export async function clusterJobStores(clusterName: string, region: string): Promise<string[]> {
  return oneLine(clusterName, async () =>
    (await import('@toil/jobstore-aws')).findClusterJobStores(clusterName, region),
  );
}

/** An SDK failure (no S3 reachable, refused) becomes one line naming the cluster; Toil's own errors pass. */
async function oneLine<T>(clusterName: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ToilError) throw error;
    const e = error as { name?: string; message?: string };
    throw new ClusterJobStoresError(clusterName, `${e.name ?? 'Error'}: ${e.message ?? String(error)}`, {
      cause: error,
    });
  }
}
