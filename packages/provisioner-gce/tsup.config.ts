import { toilTsupConfig } from '../../tooling/tsup.shared.js';

export default toilTsupConfig();
