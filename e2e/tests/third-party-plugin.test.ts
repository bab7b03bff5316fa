/**
 * Plugins anyone can write, as a user installs them: the packed tarballs of @toil/core, @toil/cli,
 * @toil/jobstore-file and @toil/batch-single-machine plus a third-party package, `toil-plugin-echo-batch`, written
 * here, installed with npm into a new project. Its batch system `echo` wraps single_machine and records each job
 * it issues with the value of the option it adds (`--echoTag`); the workflow runs through the installed `toil`.
 * A module named in TOIL_PLUGINS by path is found the same way, and bad plugins are one-line errors.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorLines, runNode, stackFrames, type RunOptions } from './helpers/cli.js';

const run = promisify(execFile);
const repoRoot = resolve(import.meta.dirname, '../..');
const PACKAGES = ['packages/core', 'apps/cli', 'packages/jobstore-file', 'packages/batch-single-machine'];

/** A batch system module wrapping single_machine under another name; `tagOption` is the option it adds. */
function echoBatchSource(name: string, packageName: string, tagOption: string): string {
  return `import { appendFileSync } from 'node:fs';

/** @type {import('@toil/core/backend').BatchSystemPlugin} */
export const plugin = {
  kind: 'batchSystem',
  name: ${JSON.stringify(name)},
  packageName: ${JSON.stringify(packageName)},
  moduleUrl: import.meta.url,
  options: [{ name: ${JSON.stringify(tagOption)}, type: 'string', default: 'untagged', description: 'A tag written with every job this batch system issues' }],
  load: async () => {
    const { plugin: single } = await import('@toil/batch-single-machine');
    const inner = await single.load();
    return {
      create: async (context) => {
        const batch = await inner.create(context);
        const tag = context.config.extra[${JSON.stringify(tagOption)}];
        return new Proxy(batch, {
          get(target, prop) {
            if (prop === 'name') return ${JSON.stringify(name)};
            if (prop === 'issueBatchJob') return (spec) => (appendFileSync(process.env.ECHO_MARKER, tag + '\\n'), target.issueBatchJob(spec));
            const value = Reflect.get(target, prop, target);
            return typeof value === 'function' ? value.bind(target) : value;
          },
        });
      },
    };
  },
};
`;
}

const WORKFLOW = `import { defineJob } from '@toil/core';

export const square = defineJob('square', async (_ctx, x) => x * x);
export const sum = defineJob('sum', async (_ctx, xs) => xs.reduce((a, b) => a + b, 0));
export const fanout = defineJob('fanout', async (ctx, n) => {
  const parts = Array.from({ length: n }, (_, i) => ctx.addChild(square, i).rv());
  return ctx.addFollowOn(sum, parts).rv();
});
`;

let project = '';
let toilBin = '';

/** Run the installed `toil` in the project. */
function toil(args: string[], options: RunOptions = {}) {
  // pnpm sets NODE_PATH to the workspace's packages, where a user has none: without this, @toil/batch-slurm
  // would be found there.
  return runNode([toilBin, ...args], {
    cwd: project,
    ...options,
    env: { TOIL_PLUGINS: '', NODE_PATH: '', ...options.env },
  });
}

async function markerLines(path: string): Promise<string[]> {
  return (await readFile(path, 'utf8')).split('\n').filter(Boolean);
}

describe('a third-party plugin installed next to the packed CLI', () => {
  // One install for the whole file (npm takes a while); tempDir() is per test, so this folder is removed here.
  let dir = '';
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'toil-plugin-e2e-'));
    const tarballs: Record<string, string> = {};
    for (const pkg of PACKAGES) {
      const before = new Set(await readdir(dir));
      await run('pnpm', ['pack', '--pack-destination', dir], { cwd: join(repoRoot, pkg) });
      const [tarball] = (await readdir(dir)).filter((name) => name.endsWith('.tgz') && !before.has(name));
      const { name } = JSON.parse(await readFile(join(repoRoot, pkg, 'package.json'), 'utf8')) as { name: string };
      tarballs[name] = `file:../${tarball}`;
    }
    // The third-party plugin: its own package, packed and installed like any npm package.
    const pluginDir = join(dir, 'echo-plugin');
    await mkdir(pluginDir);
    await writeFile(
      join(pluginDir, 'package.json'),
      JSON.stringify({
        name: 'toil-plugin-echo-batch',
        version: '1.0.0',
        type: 'module',
        exports: { '.': { default: './index.js' } },
        peerDependencies: { '@toil/core': '*', '@toil/batch-single-machine': '*' },
      }),
    );
    await writeFile(join(pluginDir, 'index.js'), echoBatchSource('echo', 'toil-plugin-echo-batch', 'echoTag'));
    await run('npm', ['pack', '--pack-destination', dir, '--loglevel=error'], { cwd: pluginDir });

    project = join(dir, 'project');
    await mkdir(project);
    await writeFile(
      join(project, 'package.json'),
      JSON.stringify({
        name: 'consumer',
        private: true,
        type: 'module',
        dependencies: { ...tarballs, 'toil-plugin-echo-batch': 'file:../toil-plugin-echo-batch-1.0.0.tgz' },
        // Our packages depend on each other by version; these keep npm on the tarballs, off the registry.
        overrides: Object.fromEntries(Object.keys(tarballs).map((name) => [name, `$${name}`])),
      }),
    );
    await writeFile(join(project, 'workflow.mjs'), WORKFLOW);
    await writeFile(join(project, 'local-plugin.mjs'), echoBatchSource('local_echo', 'local-plugin', 'localTag'));
    await writeFile(join(project, 'empty-plugin.mjs'), 'export const somethingElse = 1;\n');
    await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], {
      cwd: project,
      timeout: 300_000,
    });
    expect((await readdir(join(project, 'node_modules/@toil'))).sort()).toEqual([
      'batch-single-machine',
      'cli',
      'core',
      'jobstore-file',
    ]);
    toilBin = join(project, 'node_modules/.bin/toil');
  }, 600_000);

  it("runs a workflow on the plugin's batch system, chosen with --batchSystem, with its option", async () => {
    const marker = join(project, 'echo-marker.txt');
    const result = await toil(
      [
        'run',
        'workflow.mjs',
        './js-echo',
        '--job',
        'fanout',
        '--args',
        '[4]',
        '--batchSystem',
        'echo',
        '--echoTag',
        'hello',
      ],
      {
        env: { ECHO_MARKER: marker },
      },
    );
    expect(errorLines(result.stderr)).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe('14');
    const lines = await markerLines(marker);
    // Every job went through the plugin (chaining may run some in one issue), each with the option's value.
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(new Set(lines)).toEqual(new Set(['hello']));
  });

  it('lists the plugin and its option under its own heading in toil run --help', async () => {
    const result = await toil(['run', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Options of the batch system 'echo' (toil-plugin-echo-batch):");
    const afterHeading = result.stdout.split("Options of the batch system 'echo' (toil-plugin-echo-batch):")[1]!;
    expect(afterHeading.split('\n')[1]).toMatch(
      /^\s+--echoTag\s+A tag written with every job this batch system issues/,
    );
    const top = await toil(['--help']);
    expect(top.stdout).toMatch(/Installed batch systems: single_machine, echo\./);
  });

  it('loads a module named in TOIL_PLUGINS by its path', async () => {
    const marker = join(project, 'local-marker.txt');
    const env = { TOIL_PLUGINS: './local-plugin.mjs', ECHO_MARKER: marker };
    const help = await toil(['run', '--help'], { env });
    expect(help.stdout).toContain("Options of the batch system 'local_echo' (./local-plugin.mjs):");
    const result = await toil(
      [
        'run',
        'workflow.mjs',
        './js-local',
        '--job',
        'fanout',
        '--args',
        '[3]',
        '--batchSystem',
        'local_echo',
        '--localTag',
        'from-env',
      ],
      { env },
    );
    expect(errorLines(result.stderr)).toEqual([]);
    expect(result.stdout.trim()).toBe('5');
    expect(new Set(await markerLines(marker))).toEqual(new Set(['from-env']));
  });

  it('names our package with the command that installs it, and lists only backends that exist for an unknown one', async () => {
    const slurm = await toil([
      'run',
      'workflow.mjs',
      './js-slurm',
      '--job',
      'fanout',
      '--args',
      '[1]',
      '--batchSystem',
      'slurm',
    ]);
    expect(slurm.code).not.toBe(0);
    expect(errorLines(slurm.stderr)).toEqual([
      "toil: The batch system 'slurm' needs the package @toil/batch-slurm, which is not installed. Install it with: pnpm add @toil/batch-slurm   (or npm install @toil/batch-slurm)",
    ]);
    expect(existsSync(join(project, 'js-slurm'))).toBe(false);
    const kube = await toil([
      'run',
      'workflow.mjs',
      './js-kube',
      '--job',
      'fanout',
      '--args',
      '[1]',
      '--batchSystem',
      'kubernetes',
    ]);
    expect(kube.code).not.toBe(0);
    expect(errorLines(kube.stderr)).toEqual([
      "toil: Unknown batch system 'kubernetes'. Choose one of: echo, grid_engine, htcondor, lsf, parasol, single_machine, slurm, torque.",
    ]);
  });

  it('refuses a bad plugin module in one line naming it, with no stack trace', async () => {
    for (const [entry, problem] of [
      ['./no-such-plugin.mjs', /^toil: The Toil plugin module '\.\/no-such-plugin\.mjs' was not found \(.*\)\.$/],
      [
        './empty-plugin.mjs',
        /^toil: The Toil plugin module '\.\/empty-plugin\.mjs' exports no 'plugin' or 'plugins'; export a plugin descriptor \(see ToilPluginModule in @toil\/core\/backend\)\.$/,
      ],
      [
        './local-plugin.mjs,toil-plugin-echo-batch,./local-plugin2.mjs',
        /^toil: The batch system 'local_echo' is provided by both '\.\/local-plugin\.mjs' and '\.\/local-plugin2\.mjs'\. Uninstall one, or drop one from TOIL_PLUGINS\.$/,
      ],
    ] as const) {
      if (entry.includes('local-plugin2'))
        await writeFile(join(project, 'local-plugin2.mjs'), echoBatchSource('local_echo', 'local-plugin2', 'otherTag'));
      const result = await toil(['run', 'workflow.mjs', './js-bad', '--job', 'fanout', '--args', '[1]'], {
        env: { TOIL_PLUGINS: entry },
      });
      expect(result.code).not.toBe(0);
      expect(errorLines(result.stderr)).toHaveLength(1);
      expect(errorLines(result.stderr)[0]).toMatch(problem);
      expect(stackFrames(result.stderr)).toEqual([]);
    }
  });
});
