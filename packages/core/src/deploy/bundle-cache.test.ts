import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The real esbuild, wrapped to count its builds: whether a bundle came from the cache is what is tested.
const builds = vi.hoisted(() => ({ count: 0 }));
vi.mock('esbuild', async (importOriginal) => {
  const esbuild = await importOriginal<typeof import('esbuild')>();
  return {
    ...esbuild,
    build: (async (options) => {
      builds.count++;
      return esbuild.build(options);
    }) as typeof esbuild.build,
  };
});

const NAMES = { '@toil/core': ['defineJob'] };
let dir: string;
let cache: string;
let entry: string;

/** bundleWorkflow of a fresh module instance: no in-memory cache, as in a new process. */
async function bundleFresh(cacheDir = cache) {
  vi.resetModules();
  const { bundleWorkflow } = await import('./bundle.js');
  return bundleWorkflow(entry, NAMES, cacheDir);
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'toil-bundle-cache-'));
  cache = join(dir, 'cache');
  entry = join(dir, 'wf.ts');
  await writeFile(join(dir, 'helper.ts'), 'export const answer: number = 41;\n');
  await writeFile(entry, "import { answer } from './helper.ts';\nexport const value = answer + 1;\n");
  builds.count = 0;
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('bundles kept across runs', () => {
  it('reuses the bundle of unchanged files without running esbuild, from a private 0700 folder', async () => {
    const first = await bundleFresh();
    expect(builds.count).toBe(1);
    const second = await bundleFresh();
    expect(builds.count).toBe(1);
    expect(second).toEqual(first);
    expect(second.code).toContain('answer + 1');
    expect((await stat(cache)).mode & 0o777).toBe(0o700);
    const files = await readdir(cache);
    expect(files.filter((f) => f.startsWith('index-'))).toHaveLength(1);
    expect(files).toContain(`built-${first.hash.slice(0, 16)}.mjs`);
  });

  it('bundles again when a file the module imports changed', async () => {
    const first = await bundleFresh();
    await writeFile(join(dir, 'helper.ts'), 'export const answer: number = 99;\n');
    const second = await bundleFresh();
    expect(builds.count).toBe(2);
    expect(second.hash).not.toBe(first.hash);
    expect(second.code).toContain('99');
    // The first bundle is gone from the cache: only the one the index names is kept.
    expect((await readdir(cache)).filter((f) => f.startsWith('built-'))).toEqual([
      `built-${second.hash.slice(0, 16)}.mjs`,
    ]);
  });

  it('does not use a cached bundle file whose content was changed, and bundles again', async () => {
    const first = await bundleFresh();
    const path = join(cache, `built-${first.hash.slice(0, 16)}.mjs`);
    await writeFile(path, `${await readFile(path, 'utf8')}\nconsole.log('planted');\n`);
    const second = await bundleFresh();
    expect(builds.count).toBe(2);
    expect(second.code).not.toContain('planted');
    expect(second.hash).toBe(first.hash);
  });

  it('neither reads nor writes a cache folder others can write to', async () => {
    const open = join(dir, 'open');
    await bundleFresh(open);
    await chmod(open, 0o777);
    await bundleFresh(open);
    expect(builds.count).toBe(2);
    await rm(
      join(
        open,
        (await readdir(open)).find((f) => f.startsWith('index-'))!,
      ),
    );
    await bundleFresh(open);
    expect(builds.count).toBe(3);
    expect((await readdir(open)).filter((f) => f.startsWith('index-'))).toHaveLength(0);
  });
});
