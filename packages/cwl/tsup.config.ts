import { defineConfig } from 'tsup';

export default defineConfig({
  // jobs is its own entry: the Toil runner names dist/jobs.js as the workflow module that workers load.
  entry: { index: 'src/index.ts', cli: 'src/cli.ts', conformance: 'src/conformance.ts', jobs: 'src/toil/jobs.ts' },
  format: ['esm'],
  dts: { entry: ['src/index.ts'] },
  clean: true,
  sourcemap: true,
  target: 'node20',
});
