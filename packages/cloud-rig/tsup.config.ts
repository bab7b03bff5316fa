import { toilTsupConfig } from '../../tooling/tsup.shared.js';

export default toilTsupConfig(['src/index.ts', 'src/cli.ts']);
