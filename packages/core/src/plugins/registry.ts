/**
 * The plugin registry: backends by kind and name. Our own packages are found by name (`KNOWN_PLUGINS`), anyone
 * else's by the npm convention (`toil-plugin-*` packages, see discover.ts) or `TOIL_PLUGINS`. Descriptors are
 * imported only when a name is asked for that no registered or known package provides, or when every backend is
 * listed (`toil run --help`); implementations load later still, through the descriptor.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuplicatePluginError, LoadError, MissingPluginError, UnknownPluginError } from '../errors.js';
import {
  findPluginPackages,
  pluginsFromEnv,
  resolvePackageFrom,
  TOIL_PLUGINS_ENV,
  type PluginSource,
} from './discover.js';
import { importPluginModule } from './module.js';
import { KNOWN_PLUGINS, PLUGIN_KIND_NAMES, type PluginKind, type PluginOf, type ToilPlugin } from './plugin.js';

interface Entry {
  plugin: ToilPlugin;
  /** The module it came from, as messages name it. */
  module: string;
}

const registered = new Map<string, Entry>();
const resolveBases: string[] = [];
/** Modules already imported, by URL: each is imported and registered once per process. */
const imported = new Set<string>();

/**
 * Register a plugin object directly (embedding programs that import the backend themselves). The same
 * descriptor (same kind, name and module URL) may be registered again; another module's descriptor of the same
 * kind and name is a DuplicatePluginError naming both modules.
 */
export function registerPlugin(plugin: ToilPlugin, module: string = plugin.packageName): void {
  const key = `${plugin.kind}:${plugin.name}`;
  const existing = registered.get(key);
  if (existing && existing.plugin !== plugin && existing.plugin.moduleUrl !== plugin.moduleUrl) {
    throw new DuplicatePluginError(PLUGIN_KIND_NAMES[plugin.kind], plugin.name, [existing.module, module]);
  }
  if (!existing) registered.set(key, { plugin, module });
}

/**
 * Add a file whose folder (and the folders above it) backend packages are resolved from and `toil-plugin-*`
 * packages are looked for. The CLI adds its own location; the current directory and the main script's are
 * always used.
 */
export function addPluginResolveBase(file: string): void {
  if (!resolveBases.includes(file)) resolveBases.push(file);
}

/** Directories to look from, in order: added bases' folders, the current directory, the main script's, core's own. */
export function pluginSearchDirs(): string[] {
  const dirs = [...resolveBases.map((file) => dirname(file)), process.cwd()];
  if (process.argv[1]) dirs.push(dirname(process.argv[1]));
  dirs.push(dirname(fileURLToPath(import.meta.url)));
  return [...new Set(dirs)];
}

/** Resolve a package's main module to a file URL, or undefined when it is not installed anywhere we look. */
export function resolvePackage(packageName: string): string | undefined {
  for (const dir of pluginSearchDirs()) {
    const url = resolvePackageFrom(packageName, dir);
    if (url) return url;
  }
  return undefined;
}

/** Every third-party plugin module: installed `toil-plugin-*` packages, then `TOIL_PLUGINS` entries. */
export function pluginSources(): PluginSource[] {
  const dirs = pluginSearchDirs();
  return [...findPluginPackages(dirs), ...pluginsFromEnv(process.env[TOIL_PLUGINS_ENV], dirs)];
}

async function importAndRegister(source: PluginSource): Promise<void> {
  if (imported.has(source.url)) return;
  const plugins = await importPluginModule(source.module, source.url);
  for (const p of plugins) registerPlugin(p, source.module);
  imported.add(source.url);
}

/**
 * Import every installed known backend and third-party plugin module and register their descriptors (not their
 * implementations). Used to list backends and their options; a bad or duplicate plugin fails, naming its module.
 */
export async function discoverPlugins(): Promise<ToilPlugin[]> {
  for (const kind of Object.keys(KNOWN_PLUGINS) as PluginKind[]) {
    for (const packageName of Object.values(KNOWN_PLUGINS[kind])) {
      const url = resolvePackage(packageName);
      if (url) await importAndRegister({ module: packageName, url });
    }
  }
  for (const source of pluginSources()) await importAndRegister(source);
  return registeredPlugins();
}

/** Load a plugin by kind and name: registered, then our own package by name, then third-party plugin modules. */
export async function loadPlugin<K extends PluginKind>(kind: K, name: string): Promise<PluginOf<K>> {
  const key = `${kind}:${name}`;
  const found = registered.get(key);
  if (found) return found.plugin as PluginOf<K>;
  const packageName = KNOWN_PLUGINS[kind][name];
  const url = packageName ? resolvePackage(packageName) : undefined;
  if (packageName && url) {
    await importAndRegister({ module: packageName, url });
  } else {
    for (const source of pluginSources()) await importAndRegister(source);
  }
  const loaded = registered.get(key);
  if (loaded) return loaded.plugin as PluginOf<K>;
  if (packageName && !url) throw new MissingPluginError(PLUGIN_KIND_NAMES[kind], name, packageName);
  if (packageName)
    throw new LoadError(
      `The package ${packageName} does not provide the ${PLUGIN_KIND_NAMES[kind]} '${name}'. Reinstall it.`,
    );
  const names = new Set([
    ...Object.keys(KNOWN_PLUGINS[kind]),
    ...registeredPlugins()
      .filter((p) => p.kind === kind)
      .map((p) => p.name),
  ]);
  throw new UnknownPluginError(PLUGIN_KIND_NAMES[kind], name, [...names].sort());
}

/** Import a plugin module by URL (workers get these URLs from the leader) and return its `kind` `name` plugin. */
export async function loadPluginFromUrl<K extends PluginKind>(
  kind: K,
  name: string,
  url: string,
): Promise<PluginOf<K>> {
  await importAndRegister({ module: url, url });
  const found = registered.get(`${kind}:${name}`);
  if (!found)
    throw new LoadError(
      `The module ${url} does not provide the ${PLUGIN_KIND_NAMES[kind]} '${name}' (it exports no matching 'plugin').`,
    );
  return found.plugin as PluginOf<K>;
}

/** Every plugin registered so far. */
export function registeredPlugins(): ToilPlugin[] {
  return [...registered.values()].map((e) => e.plugin);
}

/** The module a registered plugin came from (package name or TOIL_PLUGINS entry), for help and messages. */
export function pluginModule(plugin: ToilPlugin): string | undefined {
  return registered.get(`${plugin.kind}:${plugin.name}`)?.module;
}

/** Forget every registered plugin and imported module (tests only). */
export function resetPluginRegistry(): void {
  registered.clear();
  imported.clear();
  resolveBases.length = 0;
}
