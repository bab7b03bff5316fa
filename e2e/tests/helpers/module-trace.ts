/**
 * Which modules a piece of code loads: run an ES-module script in a fresh `node` with a module-resolution hook
 * (node:module register) that logs every URL it resolves. For checks that an SDK loads only when it is used.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { runNode } from './cli.js';
import { tempDir } from './temp.js';

const HOOKS = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.TRACE_FILE, result.url + '\\n');
  return result;
}`;

/** Every URL `script` resolved, in order; the script must exit 0. `env` is the child's environment. */
export async function modulesResolvedBy(script: string, env: Record<string, string>): Promise<string[]> {
  const dir = await tempDir();
  const trace = join(dir, 'trace');
  await writeFile(join(dir, 'hooks.mjs'), HOOKS);
  await writeFile(
    join(dir, 'register.mjs'),
    "import { register } from 'node:module'; register('./hooks.mjs', import.meta.url);",
  );
  const result = await runNode(['--import', join(dir, 'register.mjs'), '--input-type=module', '-e', script], {
    env: { ...env, TRACE_FILE: trace },
  });
  expect(result.code, result.stderr).toBe(0);
  return readFileSync(trace, 'utf8').split('\n');
}
