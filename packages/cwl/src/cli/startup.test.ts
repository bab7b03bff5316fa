/**
 * What a default run of the built CLI loads: it is a Toil workflow, but it builds its options in code and runs
 * its jobs in its own process, so neither yargs (the parser of Toil's command-line options) nor esbuild (the
 * bundler of workflow modules for forked workers) may be loaded. A module loader hook lists every module loaded.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'cwl-startup-'));
const tool = join(dir, 'echo.cwl');
writeFileSync(
  tool,
  [
    'cwlVersion: v1.2',
    'class: CommandLineTool',
    'baseCommand: echo',
    'inputs: {word: {type: string, inputBinding: {}}}',
    'stdout: said.txt',
    'outputs: {said: stdout}',
  ].join('\n'),
);
writeFileSync(join(dir, 'job.json'), JSON.stringify({ word: 'hi' }));

// Registered with --import: a load hook that reports each module URL on stderr.
const hook = join(dir, 'hook.mjs');
const loadHook = `export async function load(url, context, next) { process._rawDebug('LOADED ' + url); return next(url, context); }`;
writeFileSync(
  hook,
  `import { register } from 'node:module';\nregister(${JSON.stringify(`data:text/javascript,${encodeURIComponent(loadHook)}`)});\n`,
);

/** Runs the CLI and returns the module URLs it loaded. */
function loaded(...args: string[]): string[] {
  const outdir = mkdtempSync(join(dir, 'out-'));
  const result = spawnSync(process.execPath, ['--import', hook, cli, '--quiet', '--outdir', outdir, ...args], {
    cwd: dir,
    encoding: 'utf8',
  });
  expect(result.status, result.stderr).toBe(0);
  expect(readFileSync(join(outdir, 'said.txt'), 'utf8')).toBe('hi\n');
  return result.stderr
    .split('\n')
    .filter((line) => line.startsWith('LOADED '))
    .map((line) => line.slice('LOADED '.length));
}

const named = (urls: string[], pkg: string) => urls.filter((url) => url.includes(`/node_modules/${pkg}/`));

describe('toil-cwl-runner start-up', { timeout: 60_000 }, () => {
  it('runs a tool as a Toil job without loading yargs or esbuild', () => {
    const urls = loaded(tool, join(dir, 'job.json'));
    expect(urls.some((url) => url.includes('/packages/core/dist/'))).toBe(true);
    expect(named(urls, 'yargs')).toEqual([]);
    expect(named(urls, 'esbuild')).toEqual([]);
  });

  it("loads yargs when Toil's options are given (the hook sees it), still without esbuild", () => {
    const urls = loaded('--batchSystem', 'single_machine', tool, join(dir, 'job.json'));
    expect(named(urls, 'yargs').length).toBeGreaterThan(0);
    expect(named(urls, 'esbuild')).toEqual([]);
  });
});
