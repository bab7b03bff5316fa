import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LoadError, MissingPluginError, UnknownPluginError } from '../errors.js';
import { KNOWN_PLUGINS, PLUGIN_KIND_NAMES, type BatchSystemPlugin, type JobStorePlugin, type ToilPlugin } from './plugin.js';

type PluginOf<K extends ToilPlugin['kind']> = Extract<ToilPlugin, { kind: K }>;

const registered = new Map<string, ToilPlugin>();
const resolveBases: string[] = [];

/** Register a plugin object directly (embedding programs that import the backend themselves). */
export function registerPlugin(plugin: ToilPlugin): void {
  registered.set(`${plugin.kind}:${plugin.name}`, plugin);
}

/**
 * Add a directory (or file) from which backend packages are resolved. The CLI adds its own location so the
 * backends installed next to it are found; the current directory and the main script are always tried.
 */
export function addPluginResolveBase(base: string): void {
  if (!resolveBases.includes(base)) resolveBases.push(base);
}

function candidates(): string[] {
  const list = [...resolveBases, join(process.cwd(), 'noop.js')];
  if (process.argv[1]) list.push(process.argv[1]);
  list.push(new URL(import.meta.url).pathname);
  return list;
}

/** Resolve a package's main module to a file URL, or undefined when it is not installed anywhere we look. */
export function resolvePackage(packageName: string): string | undefined {
  for (const base of candidates()) {
    try {
      return pathToFileURL(createRequire(base).resolve(packageName)).href;
    } catch {
      // Not installed relative to this base; try the next.
    }
  }
  return undefined;
}

/** Load a plugin by kind and name, importing its package if it was not registered. */
export async function loadPlugin<K extends ToilPlugin['kind']>(kind: K, name: string): Promise<PluginOf<K>> {
  const key = `${kind}:${name}`;
  const known = registered.get(key);
  if (known) return known as PluginOf<K>;
  const packageName = KNOWN_PLUGINS[kind][name];
  if (!packageName) {
    const names = new Set([...Object.keys(KNOWN_PLUGINS[kind]), ...[...registered.values()].filter((p) => p.kind === kind).map((p) => p.name)]);
    throw new UnknownPluginError(PLUGIN_KIND_NAMES[kind], name, [...names].sort());
  }
  const url = resolvePackage(packageName);
  if (!url) throw new MissingPluginError(PLUGIN_KIND_NAMES[kind], name, packageName);
  return loadPluginFromUrl(kind, name, url);
}

/** Import a plugin module by URL (workers get these URLs from the leader). */
export async function loadPluginFromUrl<K extends ToilPlugin['kind']>(kind: K, name: string, url: string): Promise<PluginOf<K>> {
  const key = `${kind}:${name}`;
  const mod = (await import(url)) as { plugin?: ToilPlugin; plugins?: ToilPlugin[] };
  const all = [...(mod.plugin ? [mod.plugin] : []), ...(mod.plugins ?? [])];
  for (const p of all) registerPlugin(p);
  const found = registered.get(key);
  if (!found) throw new LoadError(`The module ${url} does not provide the ${PLUGIN_KIND_NAMES[kind]} '${name}' (it exports no matching 'plugin').`);
  return found as PluginOf<K>;
}

/** Every plugin registered so far. */
export function registeredPlugins(): ToilPlugin[] {
  return [...registered.values()];
}

export type { BatchSystemPlugin, JobStorePlugin };
