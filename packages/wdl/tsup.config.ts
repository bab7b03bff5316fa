import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'tsup';

/**
 * The build's id for the parse cache (src/runtime/doc-cache.ts): a hash of every source file and of the parser
 * toolkit's version, so that a cached tree is never used by a build that could parse the text differently.
 */
function buildId(): string {
  const hash = createHash('sha256');
  // Tests are left out: they are not in the build, and a changed test should not empty every user's cache.
  const files = (readdirSync('src', { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .sort();
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(join('src', file)));
  hash.update(
    (JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> }).dependencies
      .chevrotain,
  );
  return hash.digest('hex').slice(0, 20);
}

export default defineConfig({
  // jobs.ts is its own entry: the runner names it as the workflow module that workers load.
  entry: ['src/index.ts', 'src/cli.ts', 'src/jobs.ts', 'src/conformance.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  // chevrotain ships as hundreds of small ES modules (its lodash-es): Node resolving and loading them one by one
  // took ~580 ms of every run's start, bundled into our chunk they load in ~40 ms.
  noExternal: ['chevrotain', /^@chevrotain\//, 'lodash-es'],
  define: { __WDL_BUILD_ID__: JSON.stringify(buildId()) },
});
