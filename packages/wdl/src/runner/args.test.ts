import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseOptions } from '@toil/core';
import { parseRunnerArgsFast } from './args.js';
import { parseRunnerArgsWithYargs } from './args-yargs.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** What both readers must agree on: the runner's fields and the Toil config parseOptions makes of the rest. */
function meaning(args: Awaited<ReturnType<typeof parseRunnerArgsWithYargs>>) {
  const { toil, ...runner } = args;
  return { runner, config: parseOptions(toil, { jobStore: '/tmp/js', env: {} }) };
}

describe('runner command line without yargs', () => {
  const same = [
    // The conformance harness's form.
    [
      'wf.wdl',
      '--outputDialect',
      'miniwdl',
      '-m',
      'r.json',
      '-i',
      '{"w.x": 1}',
      '--jobStore',
      'js',
      '--logLevel',
      'WARNING',
      '--task',
      't',
      '--container',
      'none',
    ],
    ['wf.wdl', 'inputs.json', '-i', 'a.json', '-i', '{"w.y": "-"}', '-o', 'out.json', '--outputDirectory', 'out'],
    ['wf.wdl', '--maxCores', '2', '--retryCount=3', '--restart', '--defaultMemory', '1Gi', '--logLevel', 'debug'],
    ['wf.wdl', '--batchSystem', 'single_machine', '--clean', 'never', '--stats', '--workDir', '/tmp'],
    // e2e/tests/wdl-slurm.test.ts's form.
    [
      'wf.wdl',
      '--batchSystem',
      'slurm',
      '--statePollingWait',
      '0.5',
      '--container',
      'none',
      '--jobStore',
      'js',
      '--restart',
    ],
  ];
  it.each(same.map((argv) => [argv.join(' '), argv]))('reads `%s` as yargs does', async (_line, argv) => {
    const fast = parseRunnerArgsFast(argv);
    expect(fast).toBeDefined();
    expect(meaning(fast!)).toEqual(meaning(await parseRunnerArgsWithYargs(argv)));
  });

  it('leaves to yargs what it does not read as yargs would', () => {
    for (const argv of [
      ['--help'],
      ['--version'],
      ['wf.wdl', '--log-level', 'DEBUG'], // kebab-case spelling
      ['wf.wdl', '--no-inProcessJobs'], // negation
      ['wf.wdl', '--outputDialect', 'json'], // a bad choice: yargs' message
      ['wf.wdl', '-m', 'a.json', '-m', 'b.json'], // a repeat
      ['wf.wdl', '--nosuchoption'],
      ['wf.wdl', '--jobStore'], // no value
      ['wf.wdl', '--writeLogs'], // an optional-value option
      ['a.wdl', 'b.json', 'c'], // more positionals than the runner takes
    ])
      expect(parseRunnerArgsFast(argv), argv.join(' ')).toBeUndefined();
  });

  it('runs a workflow without loading yargs, and still answers --help with yargs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wdl-args-'));
    writeFileSync(join(dir, 'wf.wdl'), 'version 1.0\nworkflow w {\n  output {\n    Int x = 1 + 1\n  }\n}\n');
    // A resolve hook that lists every module the run loads.
    writeFileSync(
      join(dir, 'hook.mjs'),
      `export async function resolve(s, c, next) { const r = await next(s, c); console.error('LOADED ' + r.url); return r; }`,
    );
    writeFileSync(
      join(dir, 'register.mjs'),
      `import { register } from 'node:module'; register('./hook.mjs', import.meta.url);`,
    );
    const run = (args: string[]) =>
      spawnSync(process.execPath, ['--import', join(dir, 'register.mjs'), CLI, ...args], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 60_000,
      });
    const r = run(['wf.wdl', '--jobStore', 'js', '--logLevel', 'WARNING']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ 'w.x': 2 });
    const loaded = r.stderr.split('\n').filter((l) => l.startsWith('LOADED '));
    expect(loaded.some((l) => l.includes('/dist/cli.js'))).toBe(true);
    expect(loaded.filter((l) => /yargs|cliui|string-width/.test(l))).toEqual([]);

    const help = run(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('toil-wdl-runner <wdl> [inputs] [options]');
    expect(help.stdout).toContain('--maxCores');
    expect(help.stderr).toMatch(/LOADED .*yargs/);
  }, 120_000);
});
