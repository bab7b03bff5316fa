/**
 * The CLI's view of the plugin registry: which batch systems are installed (ours and `toil-plugin-*` packages or
 * `TOIL_PLUGINS` modules) and the options they add, each under its backend's own heading in `toil run --help`.
 */
import type { YargsLike } from '@toil/core';
import type { BatchSystemPlugin } from '@toil/core/backend';
import {
  addPluginResolveBase,
  discoverPlugins,
  pluginModule,
  pluginOptionSpecs,
  yargsOption,
  type OptionSpec,
} from '@toil/core/internal';

// Backends installed next to the CLI (its own dependencies, or a user's project) resolve from here.
addPluginResolveBase(new URL(import.meta.url).pathname);

/** A backend that is installed, with its descriptor (cheap: implementations load lazily). */
export interface InstalledBatchSystem {
  name: string;
  /** The package or TOIL_PLUGINS entry it came from. */
  packageName: string;
  plugin: BatchSystemPlugin;
}

/**
 * Every installed batch system. Importing descriptors never loads an implementation; a bad or duplicate
 * plugin fails here with a one-line error naming its module.
 */
export async function installedBatchSystems(): Promise<InstalledBatchSystem[]> {
  const plugins = await discoverPlugins();
  return plugins
    .filter((p): p is BatchSystemPlugin => p.kind === 'batchSystem')
    .map((plugin) => ({ name: plugin.name, packageName: pluginModule(plugin) ?? plugin.packageName, plugin }));
}

/** Backend options as option specs, for parsing (their values land in `config.extra`). */
export function backendOptionSpecs(installed: InstalledBatchSystem[]): OptionSpec[] {
  return installed.flatMap(({ plugin }) => pluginOptionSpecs(plugin));
}

/** The `--help` heading of one backend's options. */
export function backendGroupTitle(backend: InstalledBatchSystem): string {
  return `Options of the batch system '${backend.name}' (${backend.packageName}):`;
}

/** Register each backend's options on the command line, listed under that backend in help. */
export function addBackendOptions<Y extends YargsLike>(y: Y, installed: InstalledBatchSystem[]): Y {
  for (const backend of installed) {
    for (const spec of backendOptionSpecs([backend]))
      y.option(spec.name, { ...yargsOption(spec), group: backendGroupTitle(backend) });
  }
  return y;
}
