import { toilTsupConfig } from '../../tooling/tsup.shared.js';

// testing/sync-fs-writes is its own entry: it is loaded inside node:fs mocks, where the main entry cannot be.
export default toilTsupConfig({
  index: 'src/index.ts',
  testing: 'src/testing/index.ts',
  'testing/sync-fs-writes': 'src/testing/sync-fs-writes.ts',
});
