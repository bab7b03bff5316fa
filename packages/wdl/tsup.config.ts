import { defineConfig } from 'tsup';

export default defineConfig({
  // jobs.ts is its own entry: the runner names it as the workflow module that workers load.
  entry: ['src/index.ts', 'src/cli.ts', 'src/jobs.ts', 'src/conformance.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
});
