import { basename, join } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Shared vitest settings. When VITEST_JSON_DIR is set (tooling/run-tests.sh), each package also writes a JSON
 * report there, which the suite totals come from.
 */
export function toilVitestConfig(packageDir: string, overrides: { include?: string[]; testTimeout?: number } = {}) {
  const jsonDir = process.env.VITEST_JSON_DIR;
  return defineConfig({
    test: {
      include: overrides.include ?? ['src/**/*.test.ts'],
      testTimeout: overrides.testTimeout ?? 30_000,
      hookTimeout: 60_000,
      reporters: jsonDir ? ['default', 'json'] : ['default'],
      outputFile: jsonDir ? { json: join(jsonDir, `${basename(packageDir)}.json`) } : undefined,
    },
  });
}
