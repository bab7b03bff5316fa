/**
 * Every operating command on a job store it cannot use (none there, a directory or file that is not a job store,
 * a store written by a newer Toil) fails with one line that quotes the value and says what would work: exit 1, no
 * stack trace. `toil clean` of a store that is not there has nothing to delete and succeeds, as in Toil.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorLines, runToil, stackFrames, toilRun, type RunResult } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

/** Each command with the arguments it needs besides the job store, and the verb of its "nothing to ..." message. */
const COMMANDS: { args: (store: string) => string[]; purpose: string }[] = [
  { args: (s) => ['status', s], purpose: 'report on' },
  { args: (s) => ['stats', s], purpose: 'report on' },
  { args: (s) => ['kill', s], purpose: 'kill' },
  { args: (s) => ['debug-file', s, '--listFilesInJobStore'], purpose: 'inspect' },
  { args: (s) => ['debug-job', s, 'some.job'], purpose: 'debug' },
  { args: (s) => ['clean', s], purpose: 'delete' },
];

function expectOneLine(result: RunResult, line: string | RegExp): void {
  expect(result.code).toBe(1);
  expect(errorLines(result.stderr)).toEqual([typeof line === 'string' ? line : expect.stringMatching(line)]);
  expect(stackFrames(result.stderr)).toEqual([]);
}

describe('operating commands on a job store they cannot use', () => {
  it('a job store that does not exist', async () => {
    const store = join(await tempDir(), 'nothing-here');
    for (const { args, purpose } of COMMANDS) {
      const result = await runToil(args(store));
      if (args(store)[0] === 'clean') {
        expect(result.code).toBe(0);
        expect(result.stderr).toBe(`There is no job store at file:${store}; nothing to delete.\n`);
        continue;
      }
      expectOneLine(
        result,
        `toil: The job store 'file:${store}' does not exist, so there is nothing to ${purpose}. Check the path: it is the <jobStore> argument given to 'toil run'.`,
      );
    }
  });

  it('a directory or a file that is not a job store (clean leaves it alone)', async () => {
    const dir = await tempDir();
    const notStore = join(dir, 'photos');
    mkdirSync(notStore);
    writeFileSync(join(notStore, 'cat.jpg'), 'meow');
    const plainFile = join(dir, 'notes.txt');
    writeFileSync(plainFile, 'hello');
    for (const { args } of COMMANDS) {
      expectOneLine(
        await runToil(args(notStore)),
        `toil: Invalid job store locator '${notStore}': ${notStore} is a directory but not a Toil job store (it has no shared/config.json); give the job store directory of a workflow, the <jobStore> argument of 'toil run'`,
      );
      expectOneLine(
        await runToil(args(plainFile)),
        new RegExp(`^toil: Invalid job store locator '${plainFile}': ${plainFile} is a file but not a Toil job store`),
      );
    }
    expect(readFileSync(join(notStore, 'cat.jpg'), 'utf8')).toBe('meow');
  });

  it('a job store written by a newer Toil (config version 2)', async () => {
    const store = join(await tempDir(), 'js');
    expect((await toilRun('workflows.ts', store, 'hello', ['a'], ['--clean', 'never'])).code).toBe(0);
    const configPath = join(store, 'shared', 'config.json');
    writeFileSync(configPath, readFileSync(configPath, 'utf8').replace('"configVersion": 1', '"configVersion": 2'));
    for (const { args } of COMMANDS) {
      expectOneLine(
        await runToil(args(store)),
        'toil: Stored data has codec version 2, but this Toil reads version 1. Upgrade @toil/core to read this job store.',
      );
    }
    expect(readFileSync(configPath, 'utf8')).toContain('"configVersion": 2');
  });

  it('a malformed locator', async () => {
    for (const { args } of COMMANDS) {
      expectOneLine(
        await runToil(args('Bad:Scheme:x')),
        /^toil: Invalid job store locator 'Bad:Scheme:x': 'Bad' is not a job store type/,
      );
    }
  });
});
