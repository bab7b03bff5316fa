import { toilVitestConfig } from '../../tooling/vitest.shared.js';

export default toilVitestConfig(import.meta.dirname);
