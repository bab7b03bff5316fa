import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BadPluginError } from '../errors.js';
import { findPluginPackages, isPluginPackageName, pluginsFromEnv } from './discover.js';
import { batchPluginSource, writePackage } from './test-packages.js';

const temp = (): string => realpathSync(mkdtempSync(join(tmpdir(), 'toil-discover-')));

describe('plugin discovery', () => {
  it('knows the naming convention, scoped or not', () => {
    expect(isPluginPackageName('toil-plugin-echo')).toBe(true);
    expect(isPluginPackageName('@acme/toil-plugin-s3')).toBe(true);
    expect(isPluginPackageName('toil-plugin-')).toBe(false);
    expect(isPluginPackageName('@toil/batch-slurm')).toBe(false);
    expect(isPluginPackageName('my-toil-plugin-x')).toBe(false);
  });

  it('finds toil-plugin-* packages in node_modules folders above a directory, by package.json name, nearest first', () => {
    const root = temp();
    const project = join(root, 'project');
    const deep = join(project, 'src', 'deep');
    mkdirSync(deep, { recursive: true });
    writePackage(project, 'toil-plugin-a', batchPluginSource('a', 'toil-plugin-a'));
    writePackage(project, '@acme/toil-plugin-b', batchPluginSource('b', '@acme/toil-plugin-b'));
    writePackage(project, 'lodash-like', 'export {}');
    // A folder named like a plugin whose package.json says otherwise is not one.
    writePackage(project, 'toil-plugin-fake', 'export {}', 'something-else');
    // The same name further up is shadowed by the nearer one, as Node resolves it.
    writePackage(root, 'toil-plugin-a', batchPluginSource('a', 'toil-plugin-a'));
    writePackage(root, 'toil-plugin-c', batchPluginSource('c', 'toil-plugin-c'));

    const found = findPluginPackages([deep]);
    expect(found.map((s) => s.module)).toEqual(['@acme/toil-plugin-b', 'toil-plugin-a', 'toil-plugin-c']);
    expect(found.find((s) => s.module === 'toil-plugin-a')!.url).toBe(
      pathToFileURL(join(project, 'node_modules/toil-plugin-a/index.js')).href,
    );
  });

  it('reads TOIL_PLUGINS: paths relative to the working directory, and package names resolved from the search folders', () => {
    const root = temp();
    writePackage(root, 'some-backend', 'export {}');
    writeFileSync(join(root, 'local.js'), 'export {}');
    const sources = pluginsFromEnv(' ./local.js , some-backend,', [root], root);
    expect(sources).toEqual([
      { module: './local.js', url: pathToFileURL(join(root, 'local.js')).href },
      { module: 'some-backend', url: pathToFileURL(join(root, 'node_modules/some-backend/index.js')).href },
    ]);
    expect(pluginsFromEnv(undefined, [root])).toEqual([]);
  });

  it('names a TOIL_PLUGINS package that is not installed, in one line', () => {
    const root = temp();
    const error = (() => {
      try {
        pluginsFromEnv('not-installed-anywhere', [root], root);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(BadPluginError);
    expect((error as Error).message).toBe(
      `The Toil plugin module 'not-installed-anywhere' (from TOIL_PLUGINS) is not installed where Toil looks (${root}); install it, or give its path (./my-plugin.js).`,
    );
  });

  it('names an installed plugin package whose main module Node cannot resolve', () => {
    const root = temp();
    const dir = writePackage(root, 'toil-plugin-import-only', 'export {}');
    // An "exports" map with only an "import" condition: require.resolve, which reads no ESM conditions, cannot use it.
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'toil-plugin-import-only', type: 'module', exports: { '.': { import: './index.js' } } }),
    );
    expect(() => findPluginPackages([root])).toThrow(
      new BadPluginError(
        'toil-plugin-import-only',
        `is installed in ${join(root, 'node_modules')} but has no main module Node can resolve; give its package.json a "main" or an "exports" entry with "default"`,
      ),
    );
  });
});
