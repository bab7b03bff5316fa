/**
 * The live progress line of `toil run`: drawn when standard error is a terminal (here a pseudo-terminal made by
 * util-linux's `script`), absent when standard error is a pipe or with --disableProgress.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_PATH, fixture } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

/** Quote for the shell that `script` runs the command in. */
const quote = (arg: string) => `'${arg.replaceAll("'", `'\\''`)}'`;

/** Run a shell command under a pseudo-terminal and return everything the terminal showed. */
function underTerminal(command: string): Promise<{ code: number | null; screen: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      'script',
      ['-qfec', command, '/dev/null'],
      { encoding: 'utf8', timeout: 120_000, killSignal: 'SIGKILL' },
      (error, stdout) => {
        const e = error as (Error & { code?: unknown }) | null;
        if (e && typeof e.code !== 'number') return reject(e);
        resolve({ code: e ? (e.code as number) : 0, screen: stdout });
      },
    );
  });
}

/** `toil run` of a fanout of 100 squares (102 jobs) as a shell command. */
function fanoutCommand(store: string, extra: string[] = []): string {
  return [
    process.execPath,
    CLI_PATH,
    'run',
    fixture('workflows.ts'),
    store,
    '--job',
    'fanout',
    '--args',
    '[100]',
    '--maxCores',
    '2',
    ...extra,
  ]
    .map(quote)
    .join(' ');
}

/** A drawn progress line: bar and counts. */
const LIVE_LINE = /Toil [=-]{10} \d+ done, \d+ running, \d+ queued, 0 failed \| \d+s, [\d.]+ jobs\/s/;
const FINAL_LINE = /Toil: 102 done, 0 running, 0 queued, 0 failed \| \d+s, [\d.]+ jobs\/s\r?\n/;

describe('toil run progress display', () => {
  it('draws the counts in place on a terminal and leaves the final counts', async () => {
    const dir = await tempDir();
    const { code, screen } = await underTerminal(fanoutCommand(join(dir, 'js')));
    expect(code, screen).toBe(0);
    expect(screen).toMatch(LIVE_LINE);
    expect(screen).toMatch(FINAL_LINE);
    // Redrawn in place: the line is rewritten from column 1, not printed line after line.
    expect(screen).toContain('\x1b[1GToil ');
    expect(screen.match(/Toil: \d+ done/g)).toHaveLength(1);
    expect(screen).toContain('INFO toil: Finished the workflow');
    expect(screen).toMatch(/^328350\r?$/m);
  });

  it('stays quiet when standard error is a pipe, even with standard output on a terminal', async () => {
    const dir = await tempDir();
    const errFile = join(dir, 'stderr.txt');
    const { code, screen } = await underTerminal(`${fanoutCommand(join(dir, 'js'))} 2>${quote(errFile)}`);
    expect(code, screen).toBe(0);
    const stderr = readFileSync(errFile, 'utf8');
    expect(stderr).toContain('INFO toil: Finished the workflow');
    expect(stderr).not.toMatch(/done, \d+ running/);
    expect(stderr).not.toContain('\x1b');
    expect(screen.trim()).toBe('328350');
  });

  it('stays quiet on a terminal with --disableProgress', async () => {
    const dir = await tempDir();
    const { code, screen } = await underTerminal(fanoutCommand(join(dir, 'js'), ['--disableProgress']));
    expect(code, screen).toBe(0);
    expect(screen).not.toMatch(/done, \d+ running/);
    expect(screen).toContain('INFO toil: Finished the workflow');
    expect(screen).toMatch(/^328350\r?$/m);
  });
});
