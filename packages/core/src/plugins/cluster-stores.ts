import { ClusterJobStoresError, ToilError } from '../errors.js';
import type { ClusterManager, JobStorePlugin } from './plugin.js';
import { discoverPlugins } from './registry.js';

/**
 * `toil destroy-cluster`'s last step, once for every installed job store plugin with a `clusterStores` hook: a
 * cluster owns every store made on its leader whatever its provisioner (a GCE cluster's `aws:` stores too), so the
 * stores are found by the stores' own plugins, not by the provisioner. Runs after the instances and firewalls are
 * gone, so no workflow still writes to a store, and so a store service this account cannot reach never keeps the
 * instances alive.
 */

/** What happened to a cluster's job stores. */
export interface ClusterStoresOutcome {
  /** Locators of the stores destroyed. */
  removed: string[];
  /**
   * One line per store service that could not be listed (refused, unreachable), naming the service and the command
   * that lists the cluster's buckets by hand. Nothing is known to be left: the caller warns, it does not fail.
   */
  warnings: string[];
  /** One line per store found but not destroyed: something of the cluster is left, the caller fails. */
  failures: string[];
}

/**
 * Find and destroy the job stores of a cluster through every job store plugin that can tell (`clusterStores`).
 * @param plugins The plugins to ask; by default every installed one (the registry's discovery).
 */
export async function destroyClusterJobStores(
  clusterName: string,
  plugins?: readonly JobStorePlugin[],
): Promise<ClusterStoresOutcome> {
  const outcome: ClusterStoresOutcome = { removed: [], warnings: [], failures: [] };
  const candidates = plugins ?? (await discoverPlugins()).filter((p): p is JobStorePlugin => p.kind === 'jobStore');
  for (const plugin of candidates) {
    if (!plugin.clusterStores) continue;
    const stores = await plugin.clusterStores();
    if (!stores) continue;
    let found: string[];
    try {
      found = await stores.find(clusterName);
    } catch (error) {
      outcome.warnings.push(
        `could not list the job stores of cluster '${clusterName}' on ${stores.service} (${firstLine(error)}); ` +
          `its instances and firewall rules are handled regardless. To find any ${plugin.name}: stores it left, run ` +
          `${stores.manualListCommand(clusterName)} and then 'toil clean <locator>' for each.`,
      );
      continue;
    }
    for (const locator of found) {
      try {
        await plugin.create(locator).destroy();
        outcome.removed.push(locator);
      } catch (error) {
        outcome.failures.push(`${locator}: ${firstLine(error)}`);
      }
    }
  }
  return outcome;
}

/** Throw the failures of an outcome as one line, if there were any. */
export function assertClusterStoresRemoved(clusterName: string, outcome: ClusterStoresOutcome): void {
  if (outcome.failures.length > 0) throw new ClusterJobStoresError(clusterName, outcome.failures);
}

/** What `destroyWholeCluster` removed. */
export interface WholeClusterRemoved {
  /** Instances terminated or deleted. */
  instances: number;
  /** Security groups or firewall rules deleted. */
  securityGroups: number;
  /** Locators of the job stores destroyed. */
  jobStores: string[];
}

/**
 * `toil destroy-cluster`: the provisioner's instances and firewalls first, then the cluster's job stores through
 * every store plugin. A cluster whose instances are gone but whose stores remain is cleaned too; one with neither is
 * the provisioner's NO_SUCH_CLUSTER error. A store service that cannot be listed goes to `warn` (one line each) and
 * does not fail the call; a store found but not destroyed throws ClusterJobStoresError after the rest is done.
 */
export async function destroyWholeCluster(
  cluster: ClusterManager,
  clusterName: string,
  options: { warn: (line: string) => void; plugins?: readonly JobStorePlugin[] },
): Promise<WholeClusterRemoved> {
  let missing: ToilError | undefined;
  let removed = { instances: 0, securityGroups: 0 };
  try {
    removed = await cluster.destroyCluster();
  } catch (error) {
    if (!(ToilError.is(error) && error.code === 'NO_SUCH_CLUSTER')) throw error;
    missing = error;
  }
  const stores = await destroyClusterJobStores(clusterName, options.plugins);
  if (missing && stores.removed.length === 0 && stores.failures.length === 0) throw missing;
  for (const line of stores.warnings) options.warn(line);
  assertClusterStoresRemoved(clusterName, stores);
  return { instances: removed.instances, securityGroups: removed.securityGroups, jobStores: stores.removed };
}

/** An error's name and first line, for a one-line report. */
function firstLine(error: unknown): string {
  const e = error as { name?: string; message?: string };
  const message = (e.message ?? String(error)).split('\n')[0] ?? '';
  return e.name && e.name !== 'Error' && !message.startsWith(e.name) ? `${e.name}: ${message}` : message;
}
