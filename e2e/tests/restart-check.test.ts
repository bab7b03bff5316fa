/**
 * `--restart` resumes the workflow the job store holds. `--job` and `--args` may be left out; given, they must
 * be that workflow's, and so must the module: otherwise one line names what the store holds, and the store is
 * left as it was.
 */
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { errorLines, fixture, runNode, runToil, stackFrames, type RunResult } from './helpers/cli.js';
import { snapshot } from './helpers/store.js';
import { tempDir } from './helpers/temp.js';

let dir: string;
let store: string;

// A stopped workflow to restart: retry.flakyOnce fails its first attempt, and --retryCount 0 stops it there.
beforeEach(async () => {
  dir = await tempDir();
  store = join(dir, 'js');
  const first = await runToil([
    'run',
    fixture('retries.ts'),
    store,
    '--job',
    'flakyOnce',
    '--args',
    JSON.stringify([dir]),
    '--retryCount',
    '0',
  ]);
  expect(first.code, first.stderr).toBe(1);
});

/** Exit 1 with one `toil:` line and no stack; returns the line. */
function oneLineError(result: RunResult): string {
  expect(result.code, result.stderr).toBe(1);
  expect(result.stdout).toBe('');
  expect(stackFrames(result.stderr)).toEqual([]);
  const lines = errorLines(result.stderr);
  expect(lines, result.stderr).toHaveLength(1);
  return lines[0];
}

describe('toil run --restart', () => {
  it('needs neither --job nor --args', async () => {
    const result = await runToil(['run', fixture('retries.ts'), store, '--restart']);
    expect(result.stdout, result.stderr).toBe('"recovered"\n');
    expect(result.code).toBe(0);
  });

  it('resumes with the same --job and --args, as the README shows', async () => {
    const result = await runToil([
      'run',
      fixture('retries.ts'),
      store,
      '--job',
      'flakyOnce',
      '--args',
      JSON.stringify([dir]),
      '--restart',
    ]);
    expect(result.stdout, result.stderr).toBe('"recovered"\n');
  });

  it('refuses another --job, naming the stored root job, and leaves the store as it was', async () => {
    const before = await snapshot(store);
    const line = oneLineError(
      await runToil(['run', fixture('retries.ts'), store, '--job', 'ok', '--args', '["x"]', '--restart']),
    );
    expect(line).toBe(
      `toil: --job ok does not match the workflow in the job store file:${store}: its root job is 'retry.flakyOnce', not 'retry.ok'. Leave out --job and --args to resume it, or start a new workflow in another job store.`,
    );
    expect(await snapshot(store)).toEqual(before);
  });

  it('refuses other --args, quoting the stored ones, with or without --job', async () => {
    const before = await snapshot(store);
    const expected = `toil: --args ["/elsewhere"] does not match the workflow in the job store file:${store}: it was started with --args ${JSON.stringify([dir])}. Leave out --args to resume it as it was started, or start a new workflow in another job store.`;
    expect(
      oneLineError(
        await runToil([
          'run',
          fixture('retries.ts'),
          store,
          '--job',
          'flakyOnce',
          '--args',
          '["/elsewhere"]',
          '--restart',
        ]),
      ),
    ).toBe(expected);
    expect(
      oneLineError(await runToil(['run', fixture('retries.ts'), store, '--args', '["/elsewhere"]', '--restart'])),
    ).toBe(expected);
    expect(await snapshot(store)).toEqual(before);
  });

  it('refuses another module before loading it, naming the stored one', async () => {
    const before = await snapshot(store);
    // workflows.ts has no export named flakyOnce: the module is what is wrong, and the error says so.
    const line = oneLineError(
      await runToil(['run', fixture('workflows.ts'), store, '--job', 'flakyOnce', '--restart']),
    );
    expect(line).toBe(
      `toil: --restart was given the module ${fixture('workflows.ts')}, but the job store file:${store} holds a workflow of ${fixture('retries.ts')}. Restart with that module (edited code at that path is fine), or start a new workflow in another job store.`,
    );
    expect(await snapshot(store)).toEqual(before);
  });

  it('still needs --job to start a new workflow', async () => {
    const line = oneLineError(await runToil(['run', fixture('retries.ts'), join(dir, 'new'), '--args', '["x"]']));
    expect(line).toContain('Name the job to start with --job');
  });
});

describe('a Toil.main script with --restart', () => {
  it('refuses --args other than the stored ones', async () => {
    const scriptDir = await tempDir();
    // Stopped before its root job ran: the job asks for 2 cores of 1.
    const first = await runNode(
      [fixture('main-workflow.js'), './js', '--args', '[5]', '--defaultCores', '2', '--maxCores', '1'],
      { cwd: scriptDir },
    );
    expect(first.code, first.stderr).toBe(1);
    const line = oneLineError(
      await runNode([fixture('main-workflow.js'), './js', '--args', '[6]', '--restart'], { cwd: scriptDir }),
    );
    expect(line).toContain(
      `--args [6] does not match the workflow in the job store file:${join(scriptDir, 'js')}: it was started with --args [5].`,
    );
    const resumed = await runNode(
      [fixture('main-workflow.js'), './js', '--args', '[5]', '--restart', '--maxCores', '2'],
      { cwd: scriptDir },
    );
    expect(resumed.stdout, resumed.stderr).toBe('10\n');
  });
});
