import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/backend.ts', 'src/internal.ts', 'src/worker-process.ts', 'src/worker-cli.ts'],
  format: ['esm'],
  dts: { entry: ['src/index.ts', 'src/backend.ts', 'src/internal.ts'] },
  clean: true,
  sourcemap: true,
  target: 'node20',
});
