/**
 * Import one plugin module and check what it exports, so a bad plugin is one line naming the module rather than
 * a TypeError deep in the leader.
 */
import { BadPluginError } from '../errors.js';
import { PLUGIN_KIND_NAMES, type ToilPlugin, type ToilPluginModule } from './plugin.js';

/** The function each kind must have. */
const ENTRY_POINT: Record<ToilPlugin['kind'], 'create' | 'load'> = {
  jobStore: 'create',
  batchSystem: 'load',
  provisioner: 'load',
  urlScheme: 'load',
};

/** Why a value is not a plugin descriptor, or undefined when it is one. */
export function descriptorProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null)
    return `is ${value === null ? 'null' : typeof value}, not a descriptor object`;
  const p = value as Record<string, unknown>;
  const kind = p.kind;
  if (typeof kind !== 'string' || !Object.hasOwn(PLUGIN_KIND_NAMES, kind)) {
    return `has kind ${JSON.stringify(kind)}; use one of ${Object.keys(PLUGIN_KIND_NAMES)
      .map((k) => `'${k}'`)
      .join(', ')}`;
  }
  if (typeof p.name !== 'string' || p.name === '')
    return `(a ${PLUGIN_KIND_NAMES[kind as ToilPlugin['kind']]}) has no 'name'`;
  for (const field of ['packageName', 'moduleUrl'] as const) {
    if (typeof p[field] !== 'string')
      return `'${p.name}' has no string '${field}'${field === 'moduleUrl' ? ' (set it to import.meta.url)' : ''}`;
  }
  const entry = ENTRY_POINT[kind as ToilPlugin['kind']];
  if (typeof p[entry] !== 'function') return `'${p.name}' has no '${entry}' function`;
  return undefined;
}

/** The descriptors a module's exports hold (`plugin` and `plugins`), checked; throws BadPluginError naming `module`. */
export function descriptorsOf(module: string, exports: unknown): ToilPlugin[] {
  const mod = exports as ToilPluginModule;
  if (mod.plugins !== undefined && !Array.isArray(mod.plugins))
    throw new BadPluginError(module, "exports 'plugins' that is not an array of plugin descriptors");
  const all: unknown[] = [...(mod.plugin === undefined ? [] : [mod.plugin]), ...(mod.plugins ?? [])];
  if (all.length === 0)
    throw new BadPluginError(
      module,
      "exports no 'plugin' or 'plugins'; export a plugin descriptor (see ToilPluginModule in @toil/core/backend)",
    );
  for (const candidate of all) {
    const problem = descriptorProblem(candidate);
    if (problem) throw new BadPluginError(module, `exports a plugin that ${problem}`);
  }
  return all as ToilPlugin[];
}

/** Import a plugin module by URL and return its checked descriptors; `module` is what messages call it. */
export async function importPluginModule(module: string, url: string): Promise<ToilPlugin[]> {
  let exports: unknown;
  try {
    exports = await import(url);
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' ? 'was not found' : 'could not be imported';
    throw new BadPluginError(
      module,
      `${reason} (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`,
      { cause: error },
    );
  }
  return descriptorsOf(module, exports);
}
