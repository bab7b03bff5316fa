import { addPluginResolveBase, KNOWN_PLUGINS, resolvePackage, type BatchSystemPlugin, type OptionSpec } from '@toil/core';

// Backends installed next to the CLI (its own dependencies, or a user's project) resolve from here.
addPluginResolveBase(new URL(import.meta.url).pathname);

/** A backend package that is installed, with its descriptor (cheap: implementations load lazily). */
export interface InstalledBatchSystem {
  name: string;
  packageName: string;
  plugin: BatchSystemPlugin;
}

/** Every batch system whose package is installed; importing a descriptor never loads a cloud SDK. */
export async function installedBatchSystems(): Promise<InstalledBatchSystem[]> {
  const found: InstalledBatchSystem[] = [];
  for (const [name, packageName] of Object.entries(KNOWN_PLUGINS.batchSystem)) {
    const url = resolvePackage(packageName);
    if (!url) continue;
    try {
      const mod = (await import(url)) as { plugin?: BatchSystemPlugin };
      if (mod.plugin?.kind === 'batchSystem') found.push({ name, packageName, plugin: mod.plugin });
    } catch {
      // A broken backend must not break `toil --help`; using it will report the error.
    }
  }
  return found;
}

/** Backend options as option specs for the shared yargs builder. */
export function backendOptionSpecs(installed: InstalledBatchSystem[]): OptionSpec[] {
  return installed.flatMap(({ plugin }) =>
    (plugin.options ?? []).map(
      (o): OptionSpec => ({
        name: o.name,
        type: o.type,
        default: o.default,
        group: 'batch',
        help: `${o.description} (${plugin.name})`,
      }) as OptionSpec,
    ),
  );
}
