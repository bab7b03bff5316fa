import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One call of a fixture job: its registered name and its arguments. */
export interface FixtureCall {
  name: string;
  args: unknown[];
}

/**
 * The jobs of `fixtures/batch-jobs.ts`, by the names that module registers. The suite must not import that module
 * (its `defineJob` calls would collide with the deployed bundle's), so the names are repeated here; a test of this
 * package deploys the module and checks that they match.
 */
export const fixtureJobs = {
  /** Records its pid in `<path>.pid` at start, sleeps `ms`, then writes `{ start, end, pid }` to `path`. */
  sleep: (path: string, ms: number): FixtureCall => ({ name: 'batch-contract.sleep', args: [path, ms] }),
  /** Prints `message` on stderr and throws. */
  fail: (message: string): FixtureCall => ({ name: 'batch-contract.fail', args: [message] }),
  /** `process.exit(code)` in the worker. */
  exitHard: (code: number): FixtureCall => ({ name: 'batch-contract.exit', args: [code] }),
  /** SIGKILLs its own worker process. */
  killSelf: (): FixtureCall => ({ name: 'batch-contract.kill-self', args: [] }),
  /** Writes `{ name: value or null }` of the worker's environment to `path`. */
  echoEnv: (path: string, names: string[]): FixtureCall => ({ name: 'batch-contract.echo-env', args: [path, names] }),
  /** Writes `text` to `path`. */
  writeFile: (path: string, text: string): FixtureCall => ({ name: 'batch-contract.write-file', args: [path, text] }),
};

/**
 * Absolute path of the fixture workflow module `fixtures/batch-jobs.ts`. It ships as TypeScript next to `dist/`
 * (package.json "files") and is bundled by core's esbuild at deploy time, exactly like a user's workflow. The
 * package root is found by walking up from this module, which works both from `src/` (this package's own tests)
 * and from the bundled `dist/index.js` that backends' tests import.
 */
export function batchContractFixturePath(): string {
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === '@toil/testing'
    ) {
      const path = join(dir, 'fixtures', 'batch-jobs.ts');
      if (!existsSync(path))
        throw new Error(
          `The batch contract fixture ${path} is missing; reinstall @toil/testing (its package.json "files" must list fixtures).`,
        );
      return path;
    }
    if (dirname(dir) === dir) throw new Error(`Could not find the @toil/testing package root above ${start}.`);
  }
}
