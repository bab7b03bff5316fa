/**
 * Auto-deployment and the CLI's own help: --disableAutoDeployment imports the module where it is, a workflow edited
 * between runs is redeployed on --restart, a job name the code no longer defines is reported with the names it
 * does define, and `toil --help` / `toil run --help` show the installed backends and Toil's option groups.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorLines, runToil, stackFrames, toilRun } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

/** A workflow module written at run time (outside the repository, so @toil/core comes from the bundle shim). */
function moduleSource(jobs: Record<string, string>): string {
  const defs = Object.entries(jobs).map(
    ([name, body]) => `export const ${name} = defineJob('deploy.${name}', async (ctx, x: number) => { ${body} });`,
  );
  return [`import { defineJob } from '@toil/core';`, ...defs].join('\n');
}

describe('auto-deployment and CLI help', () => {
  it('runs a JavaScript module in place with --disableAutoDeployment (no bundle stored)', async () => {
    const dir = await tempDir();
    const store = join(dir, 'js');
    const result = await toilRun(
      'main-workflow.js',
      store,
      'double',
      [21],
      ['--disableAutoDeployment', '--clean', 'never'],
    );
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toBe(42);
    // The record names the module's own path and holds no bundle file.
    const record = JSON.parse(await readFile(join(store, 'shared', 'userModule.json'), 'utf8')) as {
      mode: string;
      entry: string;
    };
    expect(record.mode).toBe('path');
    expect(record.entry).toMatch(/fixtures\/main-workflow\.js$/);
    const stored = (await readdir(join(store, 'files'), { recursive: true })).map(String);
    expect(stored.some((name) => /workflow-.*\.mjs$/.test(name))).toBe(false);
    expect(stored.some((name) => name.includes('root-return-value'))).toBe(true);
  });

  it('refuses a TypeScript module with --disableAutoDeployment in one line, creating no job store', async () => {
    const dir = await tempDir();
    const result = await toilRun('workflows.ts', join(dir, 'js'), 'hello', ['x'], ['--disableAutoDeployment']);
    expect(result.code).toBe(1);
    expect(errorLines(result.stderr)).toEqual([
      expect.stringMatching(
        /^toil: With --disableAutoDeployment the workflow module must be JavaScript .*workflows\.ts is TypeScript\. Compile it first, or drop --disableAutoDeployment\.$/,
      ),
    ]);
    expect(stackFrames(result.stderr)).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
  });

  it('redeploys edited code on --restart, and names the defined jobs when a stored job is gone from the code', async () => {
    const dir = await tempDir();
    const module = join(dir, 'flow.ts');
    const store = join(dir, 'js');
    await writeFile(
      module,
      moduleSource({ root: 'return ctx.addChild(step, x).rv();', step: 'throw new Error("step is broken");' }),
    );
    const first = await runToil(['run', module, store, '--job', 'root', '--args', '[1]', '--retryCount', '0']);
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('step is broken');

    // The fixed code is picked up by the restart.
    await writeFile(module, moduleSource({ root: 'return ctx.addChild(step, x).rv();', step: 'return x + 100;' }));
    const fixed = await runToil([
      'run',
      module,
      store,
      '--job',
      'root',
      '--args',
      '[1]',
      '--restart',
      '--clean',
      'never',
    ]);
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(JSON.parse(fixed.stdout)).toBe(101);

    // A second workflow whose failed job is renamed in the new code: the worker lists what the code defines.
    const store2 = join(dir, 'js2');
    await writeFile(
      module,
      moduleSource({ root: 'return ctx.addChild(step, x).rv();', step: 'throw new Error("broken again");' }),
    );
    expect((await runToil(['run', module, store2, '--job', 'root', '--args', '[1]', '--retryCount', '0'])).code).toBe(
      1,
    );
    await writeFile(module, moduleSource({ root: 'return x;', renamed: 'return x;' }));
    const gone = await runToil([
      'run',
      module,
      store2,
      '--job',
      'root',
      '--args',
      '[1]',
      '--restart',
      '--retryCount',
      '0',
    ]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(
      /No job named 'deploy\.step' is registered\. Available: .*deploy\.renamed, deploy\.root/,
    );
    expect(errorLines(gone.stderr)).toEqual([
      expect.stringMatching(/^toil: The workflow failed: 1 job\(s\) ran out of retries \('deploy\.step' /),
    ]);
  });

  it('lists installed batch systems and Toil option groups in help', async () => {
    const top = await runToil(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/toil run <module> <jobStore>/);
    expect(top.stdout).toMatch(/Installed batch systems: single_machine/);
    const run = await runToil(['run', '--help']);
    expect(run.code).toBe(0);
    for (const option of [
      '--batchSystem',
      '--maxCores',
      '--defaultMemory',
      '--retryCount',
      '--restart',
      '--disableAutoDeployment',
      '--logLevel',
      '--clean',
    ]) {
      expect(run.stdout).toContain(option);
    }
    expect(run.stdout).toMatch(/2\.0 Gi/);
  });
});
