import { toilTsupConfig } from '../../tooling/tsup.shared.js';

// A command, not a library: no declarations, and a shebang so npm can link it as `toil`.
export default toilTsupConfig(['src/cli.ts'], { dts: false, banner: { js: '#!/usr/bin/env node' } });
