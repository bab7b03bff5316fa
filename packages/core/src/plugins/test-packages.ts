/** Tests only: write small plugin packages and modules into temporary folders. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The source of an ES module exporting `plugin` as a batch system descriptor `name`, marking itself imported. */
export function batchPluginSource(name: string, packageName: string): string {
  return `globalThis.__toilPluginImports = [...(globalThis.__toilPluginImports ?? []), ${JSON.stringify(packageName)}];
export const plugin = {
  kind: 'batchSystem', name: ${JSON.stringify(name)}, packageName: ${JSON.stringify(packageName)}, moduleUrl: import.meta.url,
  options: [{ name: ${JSON.stringify(`${name}Flag`)}, type: 'boolean', default: false, description: 'a flag' }],
  load: async () => ({ create: () => { throw new Error('not in unit tests'); } }),
};
`;
}

/** Write a package into `<dir>/node_modules/<name>` with an ESM main `index.js` of `source`. */
export function writePackage(dir: string, name: string, source: string, packageJsonName: string = name): string {
  const root = join(dir, 'node_modules', name);
  mkdirSync(root, { recursive: true });
  writeFileSync(
    join(root, 'package.json'),
    JSON.stringify({ name: packageJsonName, version: '1.0.0', type: 'module', main: 'index.js' }),
  );
  writeFileSync(join(root, 'index.js'), source);
  return root;
}

/** Which test plugin packages have been imported so far in this process. */
export function importedTestPlugins(): string[] {
  return (globalThis as { __toilPluginImports?: string[] }).__toilPluginImports ?? [];
}
