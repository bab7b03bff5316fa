import { defineConfig } from 'tsup';

// testing/sync-fs-writes is its own entry: it is loaded inside node:fs mocks, where the main entry cannot be.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    testing: 'src/testing/index.ts',
    'testing/sync-fs-writes': 'src/testing/sync-fs-writes.ts',
  },
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
});
