import { toilTsupConfig } from '../../tooling/tsup.shared.js';

// The worker entry points are scripts, not APIs: they get no declarations.
export default toilTsupConfig(
  ['src/index.ts', 'src/backend.ts', 'src/internal.ts', 'src/worker-process.ts', 'src/worker-cli.ts'],
  { dts: { entry: ['src/index.ts', 'src/backend.ts', 'src/internal.ts'] } },
);
