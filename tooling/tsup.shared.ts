import { defineConfig, type Options } from 'tsup';

/**
 * Shared tsup settings of every package: ESM for Node 20 with declarations and source maps. `entry` defaults to
 * the package's one entry point; `overrides` adds what a package needs beyond that (more entries, dts entries).
 */
export function toilTsupConfig(entry: Options['entry'] = ['src/index.ts'], overrides: Options = {}) {
  return defineConfig({
    entry,
    format: ['esm'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    ...overrides,
  });
}
