import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BadPluginError, DuplicatePluginError, UnknownPluginError } from '../errors.js';
import { addPluginResolveBase, loadPlugin, pluginModule, registerPlugin, resetPluginRegistry } from './registry.js';
import { KNOWN_PLUGINS } from './plugin.js';
import { batchPluginSource, importedTestPlugins, writePackage } from './test-packages.js';

/** A project folder whose node_modules the registry searches (as the CLI's own location would be). */
function project(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'toil-registry-')));
  addPluginResolveBase(join(dir, 'cli.js'));
  return dir;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: Error) => e,
  );
}

describe('the plugin registry', () => {
  const savedEnv = process.env.TOIL_PLUGINS;
  beforeEach(() => {
    resetPluginRegistry();
    delete process.env.TOIL_PLUGINS;
  });
  afterEach(() => {
    resetPluginRegistry();
    if (savedEnv === undefined) delete process.env.TOIL_PLUGINS;
    else process.env.TOIL_PLUGINS = savedEnv;
  });

  it('lists only our packages that exist', () => {
    expect(Object.keys(KNOWN_PLUGINS.batchSystem)).not.toContain('kubernetes');
    expect(Object.keys(KNOWN_PLUGINS.batchSystem)).not.toContain('mesos');
    expect(Object.keys(KNOWN_PLUGINS.jobStore)).toEqual(['file', 'aws', 'google']);
    expect(KNOWN_PLUGINS.provisioner).toEqual({ aws: '@toil/provisioner-aws', gce: '@toil/provisioner-gce' });
  });

  it('imports a third-party package only when its backend is asked for, and remembers which module it came from', async () => {
    const dir = project();
    writePackage(dir, 'toil-plugin-lazy-one', batchPluginSource('lazy_one', 'toil-plugin-lazy-one'));
    registerPlugin({
      kind: 'batchSystem',
      name: 'preset',
      packageName: 'x',
      moduleUrl: 'file:///preset.js',
      load: async () => ({ create: () => undefined as never }),
    });
    // A registered name needs no discovery.
    expect((await loadPlugin('batchSystem', 'preset')).packageName).toBe('x');
    expect(importedTestPlugins()).not.toContain('toil-plugin-lazy-one');

    const plugin = await loadPlugin('batchSystem', 'lazy_one');
    expect(plugin.packageName).toBe('toil-plugin-lazy-one');
    expect(plugin.options?.map((o) => o.name)).toEqual(['lazy_oneFlag']);
    expect(pluginModule(plugin)).toBe('toil-plugin-lazy-one');
    expect(importedTestPlugins()).toContain('toil-plugin-lazy-one');
  });

  it('loads modules named in TOIL_PLUGINS by path, with several descriptors and kinds from one module', async () => {
    const dir = project();
    const file = join(dir, 'plugins', 'two.mjs');
    mkdirSync(join(dir, 'plugins'));
    writeFileSync(
      file,
      `export const plugins = [
        { kind: 'jobStore', name: 'mem', packageName: 'two', moduleUrl: import.meta.url, create: (locator) => ({ locator }) },
        { kind: 'urlScheme', name: 'demo', packageName: 'two', moduleUrl: import.meta.url, load: async () => ({}) },
      ];`,
    );
    process.env.TOIL_PLUGINS = file;
    const store = await loadPlugin('jobStore', 'mem');
    expect(store.create('mem:x')).toEqual({ locator: 'mem:x' });
    expect((await loadPlugin('urlScheme', 'demo')).moduleUrl).toMatch(/two\.mjs$/);
    expect(pluginModule(store)).toBe(file);
  });

  it('says which names exist when none provides the one asked for, third-party ones included', async () => {
    const dir = project();
    writePackage(dir, 'toil-plugin-named', batchPluginSource('named', 'toil-plugin-named'));
    const error = await failure(loadPlugin('batchSystem', 'kubernetes'));
    expect(error).toBeInstanceOf(UnknownPluginError);
    expect(error.message).toBe(
      `Unknown batch system 'kubernetes'. Choose one of: ${[...Object.keys(KNOWN_PLUGINS.batchSystem), 'named'].sort().join(', ')}.`,
    );
  });

  it('refuses a module that exports nothing usable, naming it', async () => {
    const dir = project();
    writePackage(dir, 'toil-plugin-empty', 'export const notAPlugin = 1;');
    const error = await failure(loadPlugin('batchSystem', 'anything'));
    expect(error).toBeInstanceOf(BadPluginError);
    expect(error.message).toBe(
      "The Toil plugin module 'toil-plugin-empty' exports no 'plugin' or 'plugins'; export a plugin descriptor (see ToilPluginModule in @toil/core/backend).",
    );
  });

  it('refuses a descriptor without its entry point, naming the module', async () => {
    const dir = project();
    writePackage(
      dir,
      'toil-plugin-half',
      "export const plugin = { kind: 'batchSystem', name: 'half', packageName: 'toil-plugin-half', moduleUrl: import.meta.url };",
    );
    const error = await failure(loadPlugin('batchSystem', 'half'));
    expect(error.message).toBe(
      "The Toil plugin module 'toil-plugin-half' exports a plugin that 'half' has no 'load' function.",
    );
  });

  it('refuses a TOIL_PLUGINS path that does not exist, naming it', async () => {
    project();
    process.env.TOIL_PLUGINS = './no-such-plugin.js';
    const error = await failure(loadPlugin('batchSystem', 'x'));
    expect(error).toBeInstanceOf(BadPluginError);
    expect(error.message).toMatch(
      /^The Toil plugin module '\.\/no-such-plugin\.js' was not found \(.*no-such-plugin\.js.*\)\.$/,
    );
    expect(error.message).not.toContain('\n');
  });

  it('refuses two modules that provide the same backend, naming both', async () => {
    const dir = project();
    writePackage(dir, 'toil-plugin-dup-a', batchPluginSource('dup', 'toil-plugin-dup-a'));
    writePackage(dir, 'toil-plugin-dup-b', batchPluginSource('dup', 'toil-plugin-dup-b'));
    const error = await failure(loadPlugin('batchSystem', 'dup'));
    expect(error).toBeInstanceOf(DuplicatePluginError);
    expect(error.message).toBe(
      "The batch system 'dup' is provided by both 'toil-plugin-dup-a' and 'toil-plugin-dup-b'. Uninstall one, or drop one from TOIL_PLUGINS.",
    );
  });
});
