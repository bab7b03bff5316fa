/**
 * Where plugin modules come from, found without importing anything: packages named `toil-plugin-*` or
 * `@<scope>/toil-plugin-*` in the `node_modules` folders above a set of directories (npm's own lookup path), and
 * the modules listed in `TOIL_PLUGINS`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BadPluginError } from '../errors.js';

/** The environment variable that names extra plugin modules: `TOIL_PLUGINS=<module or path>,...`. */
export const TOIL_PLUGINS_ENV = 'TOIL_PLUGINS';

/** A plugin module to import: how the user would name it, and the URL to import. */
export interface PluginSource {
  /** Package name, or the path as given in `TOIL_PLUGINS`: what messages quote. */
  module: string;
  /** File URL of its main module. */
  url: string;
}

const PREFIX = 'toil-plugin-';

/** Whether a package name follows the plugin naming convention. */
export function isPluginPackageName(name: string): boolean {
  const bare = name.startsWith('@') ? name.slice(name.indexOf('/') + 1) : name;
  return bare.startsWith(PREFIX) && bare.length > PREFIX.length;
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return []; // No such folder: nothing installed there.
  }
}

/** The package name a folder's package.json declares, or undefined when it has none we can read. */
function packageNameAt(dir: string): string | undefined {
  try {
    const { name } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown };
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}

/** `toil-plugin-*` package names in one node_modules folder, scoped ones included. */
function pluginPackagesIn(nodeModules: string): string[] {
  const found: string[] = [];
  for (const entry of listDir(nodeModules)) {
    const names = entry.startsWith('@') ? listDir(join(nodeModules, entry)).map((sub) => `${entry}/${sub}`) : [entry];
    for (const name of names) {
      // The folder name is only a hint; the package.json name is what the package is.
      if (isPluginPackageName(name) && packageNameAt(join(nodeModules, name)) === name) found.push(name);
    }
  }
  return found;
}

/** Resolve a package's main module from a directory, as `require.resolve` would; undefined when not found. */
export function resolvePackageFrom(packageName: string, fromDir: string): string | undefined {
  try {
    return pathToFileURL(createRequire(join(fromDir, 'noop.js')).resolve(packageName)).href;
  } catch {
    return undefined;
  }
}

/**
 * Every `toil-plugin-*` package installed in a node_modules folder above (or in) one of `dirs`, nearest first;
 * a name found twice is kept once (the nearest, as Node would resolve it). Reads package.json names only.
 */
export function findPluginPackages(dirs: readonly string[]): PluginSource[] {
  const seen = new Set<string>();
  const sources: PluginSource[] = [];
  for (const start of dirs) {
    for (let dir = resolve(start); ; dir = dirname(dir)) {
      for (const name of pluginPackagesIn(join(dir, 'node_modules'))) {
        if (seen.has(name)) continue;
        const url = resolvePackageFrom(name, dir);
        if (!url)
          throw new BadPluginError(
            name,
            `is installed in ${join(dir, 'node_modules')} but has no main module Node can resolve; give its package.json a "main" or an "exports" entry with "default"`,
          );
        seen.add(name);
        sources.push({ module: name, url });
      }
      if (dirname(dir) === dir) break;
    }
  }
  return sources;
}

/** Whether a `TOIL_PLUGINS` entry is a file path rather than a package name. */
function isPath(entry: string): boolean {
  return isAbsolute(entry) || entry.startsWith('./') || entry.startsWith('../') || /\.[cm]?js$/.test(entry);
}

/**
 * The modules `TOIL_PLUGINS` names (comma-separated package names or file paths; paths relative to `cwd`).
 * Package names resolve from `dirs` like installed plugins. One that cannot be found fails, naming it.
 */
export function pluginsFromEnv(
  value: string | undefined,
  dirs: readonly string[],
  cwd: string = process.cwd(),
): PluginSource[] {
  const entries = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return entries.map((entry): PluginSource => {
    if (isPath(entry)) return { module: entry, url: pathToFileURL(resolve(cwd, entry)).href };
    for (const dir of dirs) {
      const url = resolvePackageFrom(entry, dir);
      if (url) return { module: entry, url };
    }
    throw new BadPluginError(
      entry,
      `(from ${TOIL_PLUGINS_ENV}) is not installed where Toil looks (${dirs.join(', ')}); install it, or give its path (./my-plugin.js)`,
    );
  });
}
