import { toilTsupConfig } from '../../tooling/tsup.shared.js';

// pool-runner-main is a program of its own: pooled array tasks run it with node (pool-runner.ts).
export default toilTsupConfig(['src/index.ts', 'src/pool-runner-main.ts']);
