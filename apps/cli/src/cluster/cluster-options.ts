import type { Argv } from 'yargs';
import { ToilUsageError } from '@toil/core';
import type { ProvisionerPlugin } from '@toil/core/backend';
import { discoverPlugins, loadPlugin } from '@toil/core/internal';
import { refuseRepeatedOptions } from './single-valued.js';

type Loaded = Awaited<ReturnType<ProvisionerPlugin['load']>>;
/** A provisioner's cluster manager (core's `ClusterManager`). */
export type ClusterManager = Awaited<ReturnType<NonNullable<Loaded['clusters']>>>;

/**
 * `-p/--provisioner` and `-z/--zone`, which every cluster command takes (Toil's names and default); any option that
 * takes one value is refused when given twice.
 */
export function withClusterOptions<T>(y: Argv<T>): Argv<T> {
  return refuseRepeatedOptions(y)
    .option('provisioner', {
      alias: 'p',
      type: 'string',
      default: 'aws',
      describe: 'The cloud the cluster is on (a provisioner plugin: aws or gce)',
    })
    .option('zone', {
      alias: 'z',
      type: 'string',
      describe: 'Availability zone of the cluster (default: TOIL_AWS_ZONE with aws, TOIL_GCE_ZONE with gce)',
    });
}

/** The cluster manager of `--provisioner` for the named cluster; a provisioner without one is refused in a line. */
export async function openCluster(argv: Record<string, unknown>): Promise<ClusterManager> {
  const name = String(argv.provisioner);
  const plugin = await loadPlugin('provisioner', name);
  const loaded = await plugin.load();
  if (!loaded.clusters) {
    const others = await clusterProvisioners(name);
    const hint = others.length > 0 ? `use ${others.map((n) => `-p ${n}`).join(' or ')}` : 'none installed here can';
    throw new ToilUsageError(
      `The provisioner '${name}' (${plugin.packageName}) cannot launch or manage whole clusters; ${hint}.`,
    );
  }
  return loaded.clusters({
    clusterName: String(argv.clusterName),
    zone: typeof argv.zone === 'string' ? argv.zone : undefined,
  });
}

/** The names of the installed provisioner plugins other than `except` that manage whole clusters, sorted. */
async function clusterProvisioners(except: string): Promise<string[]> {
  const names: string[] = [];
  for (const p of await discoverPlugins()) {
    if (p.kind !== 'provisioner' || p.name === except) continue;
    // Loading is the only way to know (`clusters` lives in the implementation); one that fails to load is left out.
    const manages = await p.load().then(
      (m) => m.clusters !== undefined,
      () => false,
    );
    if (manages) names.push(p.name);
  }
  return names.sort();
}
