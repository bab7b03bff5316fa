import { toilVitestConfig } from '../tooling/vitest.shared.js';

export default toilVitestConfig(import.meta.dirname, { include: ['tests/**/*.test.ts'], testTimeout: 600_000 });
